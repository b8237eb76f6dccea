/**
 * The file name an image host gives in Content-Disposition, made safe to use as a file name: whatever the host
 * says cannot climb out of a folder, hide the file or spoof its extension. `filename*` (RFC 6266/8187) wins
 * over `filename`; both go through the same cleaning.
 */
export function fileNameFromDisposition(disposition?: string): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*([\w!#$&+^`{}~-]*)'[^']*'([^;]+)/i.exec(disposition);
	if (extended) {
		const decoded = decodeExtended(extended[1], extended[2].trim());
		const safe = decoded === undefined ? undefined : safeFileName(decoded);
		if (safe) return safe;
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(disposition);
	const name = plain?.[2] ?? plain?.[1];
	return name === undefined ? undefined : safeFileName(name);
}

function decodeExtended(charset: string, value: string): string | undefined {
	try {
		if (/^iso-8859-1$/i.test(charset)) {
			return value.replace(/%([0-9a-f]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
		}
		return decodeURIComponent(value);
	} catch {
		return undefined; // not valid UTF-8: the plain parameter is used
	}
}

// C0 and C1 controls, DEL, and the invisible format characters that reorder or hide text (a name shown as
// "receipt.pdf" that is really "…fdp.exe").
const INVISIBLE: Array<[number, number]> = [
	[0x00, 0x1f],
	[0x7f, 0x9f],
	[0x200b, 0x200f],
	[0x202a, 0x202e],
	[0x2066, 0x2069],
	[0xfeff, 0xfeff],
];
const visible = (char: string) => {
	const code = char.charCodeAt(0);
	return !INVISIBLE.some(([from, to]) => code >= from && code <= to);
};
const MAX_LENGTH = 200;

/**
 * No path separators (each folder part becomes part of the name, `.` and `..` are dropped), no leading dots
 * (hidden files), no control or invisible characters, no characters Windows refuses in names; undefined when
 * nothing sensible is left.
 */
export function safeFileName(name: string): string | undefined {
	const parts = name
		.split('')
		.filter(visible)
		.join('')
		.split(/[/\\]+/)
		.map((part) => part.trim().replace(/^[.\s]+/, ''))
		.filter((part) => part.length > 0);
	let safe = parts
		.join('_')
		.replace(/[<>:"|?*]/g, '_')
		.replace(/[.\s]+$/, '');
	if (safe.length > MAX_LENGTH) {
		const extension = /\.[A-Za-z0-9]{1,8}$/.exec(safe)?.[0] ?? '';
		safe = safe.slice(0, MAX_LENGTH - extension.length) + extension;
	}
	return safe || undefined;
}
