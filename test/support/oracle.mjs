// file-type oracle for the validation tests: a plain ESM script run by `node` in a child process, because
// file-type 21 is ESM-only in practice and cannot be loaded inside Jest. Usage: node oracle.mjs <dir>
// Prints a JSON object { "<file name>": { "ext": ..., "mime": ... } | null } for every file in <dir>.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fileTypeFromBuffer } from 'file-type';

const dir = process.argv[2];
const result = {};
for (const name of readdirSync(dir).sort()) {
	const type = await fileTypeFromBuffer(readFileSync(join(dir, name)));
	result[name] = type ? { ext: type.ext, mime: type.mime } : null;
}
process.stdout.write(JSON.stringify(result));
