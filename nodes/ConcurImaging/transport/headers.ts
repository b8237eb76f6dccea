/** A response header by case-insensitive name (n8n hands headers over as a plain object). */
export function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
	if (!found || found[1] === undefined || found[1] === null) return undefined;
	return Array.isArray(found[1]) ? String(found[1][0]) : String(found[1]);
}
