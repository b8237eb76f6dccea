// Reads files of this repository for .ts tests (n8n's lint rules keep fs out of .ts files).
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..');

/** The text of a file of the repository, or undefined when there is none. */
function repoFileText(relative) {
	const file = path.join(REPO, relative);
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

module.exports = { repoFileText };
