'use strict';
// The sample input files of the example workflows (examples/files/, committed; a few KB each), built from scratch,
// deterministically: PDFs with pdf-lib, PNG and JPEG with the tiny encoders here (grayscale, text drawn with a
// 5x7 bitmap font), the encrypted PDF by hand, the HEIC photo as an ISO-BMFF header with filler bytes.
//
//   inbox/      "email attachments" for examples/email-receipts-to-concur.json (inbox.js)
//   entries/    receipts named <expense entry id>.<ext> for examples/folder-to-expense-entries.json, with the
//               entry ids the emulator seeds by default (`npm run emulator`); one of them names an entry that
//               already has an image, so Concur refuses it (entries.js)
//   archive/    empty (.gitkeep): where the archive example writes its files
//
// Used by scripts/make-example-files.js (the CLI that writes them), the demo's setup (../example-setup.js) and the
// end-to-end tests: const { inboxFiles, entryFiles, receiptPng, ... } = require('./lib/example-files');

const fs = require('fs');
const path = require('path');

const { renderReceipt } = require('./bitmap');
const { encodePng } = require('./png');
const { encodeJpeg } = require('./jpeg');
const { encryptedPdf } = require('./pdf');
const { heicPhoto } = require('./heic');
const { receiptPdf, receiptPng, receiptJpeg } = require('./receipts');
const { inboxFiles } = require('./inbox');
const { entryFiles } = require('./entries');

const REPO = path.resolve(__dirname, '..', '..', '..');

/** Writes every sample file into outDir (inbox/ and entries/ are emptied first); returns [{ rel, size }]. */
async function writeExampleFiles(outDir) {
	const { startEmulator } = require(path.join(REPO, 'emulator'));
	const emu = await startEmulator({ port: 0 }); // default seed: the ids `npm run emulator` serves
	let seeded;
	try {
		seeded = emu.seeded;
	} finally {
		await emu.stop();
	}
	const written = [];
	const put = (rel, bytes) => {
		const file = path.join(outDir, rel);
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, bytes);
		written.push({ rel, size: bytes.length });
	};
	for (const sub of ['inbox', 'entries'])
		fs.rmSync(path.join(outDir, sub), { recursive: true, force: true });
	for (const f of await inboxFiles()) put(path.join('inbox', f.name), f.bytes);
	const entries = await entryFiles(seeded);
	for (const f of entries) put(path.join('entries', f.name), f.bytes);
	put(path.join('archive', '.gitkeep'), Buffer.alloc(0));
	return written;
}

module.exports = {
	renderReceipt,
	encodePng,
	encodeJpeg,
	receiptPdf,
	receiptPng,
	receiptJpeg,
	encryptedPdf,
	heicPhoto,
	inboxFiles,
	entryFiles,
	writeExampleFiles,
};
