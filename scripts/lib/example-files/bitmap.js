'use strict';
// A receipt as a grayscale bitmap, text drawn with a 5x7 bitmap font (upper case, digits, a little punctuation);
// png.js and jpeg.js encode it.

const FONT = {
	A: [14, 17, 17, 31, 17, 17, 17],
	B: [30, 17, 17, 30, 17, 17, 30],
	C: [14, 17, 16, 16, 16, 17, 14],
	D: [30, 17, 17, 17, 17, 17, 30],
	E: [31, 16, 16, 30, 16, 16, 31],
	F: [31, 16, 16, 30, 16, 16, 16],
	G: [14, 17, 16, 23, 17, 17, 15],
	H: [17, 17, 17, 31, 17, 17, 17],
	I: [14, 4, 4, 4, 4, 4, 14],
	J: [7, 2, 2, 2, 2, 18, 12],
	K: [17, 18, 20, 24, 20, 18, 17],
	L: [16, 16, 16, 16, 16, 16, 31],
	M: [17, 27, 21, 21, 17, 17, 17],
	N: [17, 17, 25, 21, 19, 17, 17],
	O: [14, 17, 17, 17, 17, 17, 14],
	P: [30, 17, 17, 30, 16, 16, 16],
	Q: [14, 17, 17, 17, 21, 18, 13],
	R: [30, 17, 17, 30, 20, 18, 17],
	S: [15, 16, 16, 14, 1, 1, 30],
	T: [31, 4, 4, 4, 4, 4, 4],
	U: [17, 17, 17, 17, 17, 17, 14],
	V: [17, 17, 17, 17, 17, 10, 4],
	W: [17, 17, 17, 21, 21, 21, 10],
	X: [17, 17, 10, 4, 10, 17, 17],
	Y: [17, 17, 17, 10, 4, 4, 4],
	Z: [31, 1, 2, 4, 8, 16, 31],
	0: [14, 17, 19, 21, 25, 17, 14],
	1: [4, 12, 4, 4, 4, 4, 14],
	2: [14, 17, 1, 2, 4, 8, 31],
	3: [31, 2, 4, 2, 1, 17, 14],
	4: [2, 6, 10, 18, 31, 2, 2],
	5: [31, 16, 30, 1, 1, 17, 14],
	6: [6, 8, 16, 30, 17, 17, 14],
	7: [31, 1, 2, 4, 8, 8, 8],
	8: [14, 17, 17, 14, 17, 17, 14],
	9: [14, 17, 17, 15, 1, 2, 12],
	'.': [0, 0, 0, 0, 0, 12, 12],
	',': [0, 0, 0, 0, 12, 4, 8],
	':': [0, 12, 12, 0, 12, 12, 0],
	'-': [0, 0, 0, 31, 0, 0, 0],
	'/': [0, 1, 2, 4, 8, 16, 0],
	'#': [10, 10, 31, 10, 31, 10, 10],
	x: [0, 17, 10, 4, 10, 17, 0],
	' ': [0, 0, 0, 0, 0, 0, 0],
};

/**
 * A receipt as a grayscale bitmap: white paper, dark text lines (first line twice as large), a rule under the
 * title. Width and height are multiples of 8 (one JPEG block). Returns { width, height, pixels } (1 byte/pixel).
 */
function renderReceipt(lines, { scale = 2 } = {}) {
	const text = lines.map((l) => String(l).toUpperCase());
	const charW = 6 * scale;
	const lineH = 10 * scale;
	const margin = 6 * scale;
	const titleScale = scale * 2;
	const widthPx = Math.max(
		text[0].length * 6 * titleScale,
		...text.slice(1).map((l) => l.length * charW),
	);
	const width = Math.ceil((widthPx + 2 * margin) / 8) * 8;
	const height =
		Math.ceil((margin * 2 + 10 * titleScale + 4 * scale + lineH * (text.length - 1)) / 8) * 8;
	const pixels = new Uint8Array(width * height).fill(250);
	const draw = (str, x0, y0, s) => {
		for (let c = 0; c < str.length; c++) {
			const glyph = FONT[str[c]] || FONT[' '];
			for (let row = 0; row < 7; row++)
				for (let col = 0; col < 5; col++)
					if (glyph[row] & (16 >> col))
						for (let dy = 0; dy < s; dy++)
							for (let dx = 0; dx < s; dx++)
								pixels[(y0 + row * s + dy) * width + x0 + (c * 6 + col) * s + dx] = 24;
		}
	};
	draw(text[0], margin, margin, titleScale);
	const ruleY = margin + 8 * titleScale + scale;
	for (let x = margin; x < width - margin; x++)
		for (let dy = 0; dy < scale; dy++) pixels[(ruleY + dy) * width + x] = 90;
	let y = margin + 10 * titleScale + 4 * scale;
	for (const line of text.slice(1)) {
		draw(line, margin, y, scale);
		y += lineH;
	}
	return { width, height, pixels };
}

module.exports = { renderReceipt };
