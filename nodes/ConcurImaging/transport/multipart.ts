/**
 * multipart/form-data bodies (RFC 7578) for the v4 receipt APIs, built as one Buffer so the client sends them
 * with a Content-Length like every other upload (Concur refuses chunked bodies). The boundary is checked
 * against every part: it never occurs inside one.
 */

export interface MultipartPart {
	/** The form field name (Concur's part name, e.g. `fileContent`). */
	name: string;
	data: Buffer | string;
	/** Makes the part a file part (Content-Disposition filename). */
	fileName?: string;
	/** The part's Content-Type; none for a plain field. */
	contentType?: string;
}

export interface MultipartBody {
	body: Buffer;
	/** `multipart/form-data; boundary=…`, the request's Content-Type. */
	contentType: string;
}

/** Quotes a name as the HTML form encoding does: `"`, CR and LF percent-encoded, so no header can be injected. */
const quoted = (value: string) => `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;

const newBoundary = () =>
	`----n8nConcurBoundary${Array.from({ length: 24 }, () => Math.floor(Math.random() * 36).toString(36)).join('')}`;

/** Bodies built here: a copy of the file that only its one request reads (the client frees it after a success). */
const builtBodies = new WeakSet<Buffer>();

/** Whether `body` is a multipart body this module built, which nothing reads after its request. */
export const isBuiltBody = (body: Buffer) => builtBodies.has(body);

export function multipartBody(parts: MultipartPart[], boundary = newBoundary()): MultipartBody {
	const data = parts.map((part) => (Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data, 'utf8')));
	if (data.some((bytes) => bytes.includes(boundary))) return multipartBody(parts);
	const chunks: Buffer[] = [];
	parts.forEach((part, index) => {
		let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}`;
		if (part.fileName !== undefined) head += `; filename=${quoted(part.fileName)}`;
		if (part.contentType) head += `\r\nContent-Type: ${part.contentType.replace(/[\r\n]/g, '')}`;
		chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), data[index], Buffer.from('\r\n'));
	});
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	const body = Buffer.concat(chunks);
	builtBodies.add(body);
	return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
