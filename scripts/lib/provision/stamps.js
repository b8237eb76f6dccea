'use strict';
// Each provisioned part is marked complete by a stamp file written last; a part without a valid stamp is redone.

const fs = require('fs');

const { NODE_VERSION, N8N_VERSION, STAMP_FORMAT } = require('./config');

function readStamp(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function writeStamp(file, data) {
	const tmp = `${file}.tmp-${process.pid}`;
	fs.writeFileSync(
		tmp,
		JSON.stringify({ format: STAMP_FORMAT, ...data, at: new Date().toISOString() }, null, 2) + '\n',
	);
	fs.renameSync(tmp, file);
}

function nodeIsProvisioned(p) {
	const s = readStamp(p.nodeStamp);
	return !!(
		s &&
		s.format === STAMP_FORMAT &&
		s.nodeVersion === NODE_VERSION &&
		fs.existsSync(p.nodeBin)
	);
}

function n8nIsProvisioned(p) {
	const s = readStamp(p.n8nStamp);
	return !!(
		s &&
		s.format === STAMP_FORMAT &&
		s.n8nVersion === N8N_VERSION &&
		s.nodeVersion === NODE_VERSION &&
		fs.existsSync(p.n8nBin)
	);
}

module.exports = { readStamp, writeStamp, nodeIsProvisioned, n8nIsProvisioned };
