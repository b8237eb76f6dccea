'use strict';
// JPEG encoder for bitmap.js's receipts: baseline, grayscale, the standard tables of ITU T.81 Annex K.

const ZIGZAG = [
	0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20,
	13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52,
	45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
const LUMA_Q = [
	16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
	14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113,
	92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALS = Buffer.from(
	'01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
	'hex',
);

function huffmanTable(bits, vals) {
	const code = [];
	const size = [];
	let k = 0;
	let c = 0;
	for (let len = 1; len <= 16; len++) {
		for (let i = 0; i < bits[len - 1]; i++) {
			code[vals[k]] = c++;
			size[vals[k]] = len;
			k++;
		}
		c <<= 1;
	}
	return { code, size };
}

const COS = (() => {
	const t = new Float64Array(64);
	for (let x = 0; x < 8; x++)
		for (let u = 0; u < 8; u++) t[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16);
	return t;
})();

function encodeJpeg({ width, height, pixels }, quality = 75) {
	const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
	const qt = LUMA_Q.map((q) => Math.min(255, Math.max(1, Math.floor((q * scale + 50) / 100))));
	const dcTable = huffmanTable(DC_BITS, DC_VALS);
	const acTable = huffmanTable(AC_BITS, AC_VALS);
	const out = [0xff, 0xd8];
	const segment = (marker, payload) => {
		const len = payload.length + 2;
		out.push(0xff, marker, len >> 8, len & 0xff, ...payload);
	};
	segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]); // JFIF 1.01, aspect 1:1
	segment(0xdb, [0, ...ZIGZAG.map((i) => qt[i])]);
	segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
	segment(0xc4, [0x00, ...DC_BITS, ...DC_VALS, 0x10, ...AC_BITS, ...AC_VALS]);
	segment(0xda, [1, 1, 0x00, 0, 63, 0]);

	let acc = 0;
	let n = 0;
	const bits = (value, count) => {
		for (let i = count - 1; i >= 0; i--) {
			acc = (acc << 1) | ((value >> i) & 1);
			if (++n === 8) {
				out.push(acc);
				if (acc === 0xff) out.push(0); // byte stuffing
				acc = 0;
				n = 0;
			}
		}
	};
	const category = (v) => {
		let a = Math.abs(v);
		let s = 0;
		while (a) {
			s++;
			a >>= 1;
		}
		return s;
	};
	const value = (v, s) => s && bits(v < 0 ? v + (1 << s) - 1 : v, s);
	const huff = (t, symbol) => bits(t.code[symbol], t.size[symbol]);

	const block = new Float64Array(64);
	const coef = new Int32Array(64);
	let prevDc = 0;
	for (let by = 0; by < height; by += 8) {
		for (let bx = 0; bx < width; bx += 8) {
			for (let y = 0; y < 8; y++)
				for (let x = 0; x < 8; x++)
					block[y * 8 + x] =
						pixels[Math.min(height - 1, by + y) * width + Math.min(width - 1, bx + x)] - 128;
			for (let v = 0; v < 8; v++) {
				for (let u = 0; u < 8; u++) {
					let s = 0;
					for (let y = 0; y < 8; y++)
						for (let x = 0; x < 8; x++) s += block[y * 8 + x] * COS[x * 8 + u] * COS[y * 8 + v];
					const cu = u === 0 ? Math.SQRT1_2 : 1;
					const cv = v === 0 ? Math.SQRT1_2 : 1;
					coef[v * 8 + u] = Math.round((0.25 * cu * cv * s) / qt[v * 8 + u]);
				}
			}
			const dc = coef[0];
			const diff = dc - prevDc;
			prevDc = dc;
			const dcCat = category(diff);
			huff(dcTable, dcCat);
			value(diff, dcCat);
			let run = 0;
			for (let k = 1; k < 64; k++) {
				const c = coef[ZIGZAG[k]];
				if (c === 0) {
					run++;
					continue;
				}
				while (run > 15) {
					huff(acTable, 0xf0);
					run -= 16;
				}
				const cat = category(c);
				huff(acTable, (run << 4) | cat);
				value(c, cat);
				run = 0;
			}
			if (run > 0) huff(acTable, 0x00);
		}
	}
	while (n !== 0) bits(1, 1); // pad the last byte with 1 bits
	out.push(0xff, 0xd9);
	return Buffer.from(out);
}

module.exports = { encodeJpeg };
