'use strict';
// A file Concur refuses: an iPhone photo (HEIC), as an ISO-BMFF `ftyp heic` header with filler bytes.

/** The start of an iPhone photo: an ISO-BMFF `ftyp` box with major brand `heic`, then filler. */
function heicPhoto() {
	const ftyp = Buffer.concat([
		Buffer.from([0, 0, 0, 0x18]),
		Buffer.from('ftypheic', 'latin1'),
		Buffer.from([0, 0, 0, 0]),
		Buffer.from('mif1heic', 'latin1'),
	]);
	const filler = Buffer.alloc(1000);
	let x = 0x2f6b;
	for (let i = 0; i < filler.length; i++) {
		x = (x * 1103515245 + 12345) & 0x7fffffff;
		filler[i] = x >> 16;
	}
	const mdat = Buffer.concat([
		Buffer.from([0, 0, (filler.length + 8) >> 8, (filler.length + 8) & 0xff]),
		Buffer.from('mdat'),
		filler,
	]);
	return Buffer.concat([ftyp, mdat]);
}

module.exports = { heicPhoto };
