// Reads the validation module's source files for the purity test (plain JS: .ts files may not use fs).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const DIR = path.resolve(__dirname, '../../nodes/ConcurImaging/validation');

/** { [file name]: source text } for every .ts file of the module. */
function validationSources() {
	const out = {};
	for (const name of fs.readdirSync(DIR).filter((n) => n.endsWith('.ts'))) out[name] = fs.readFileSync(path.join(DIR, name), 'utf8');
	return out;
}

module.exports = { validationSources };
