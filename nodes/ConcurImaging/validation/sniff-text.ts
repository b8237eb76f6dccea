// Text formats for the type sniffer (sniff.ts): HTML, SVG, XML and plain text, told apart from a sample of at
// most the first 4 KiB (UTF-8 / Latin-1, or UTF-16 with a byte order mark). The sample's bytes and the regular
// expressions run over it are counted as work (bytes.ts).

import type { ByteView } from './bytes';
import { TYPES } from './sniff-tables';
import type { Detection } from './types';

/** Bytes of the text sample (also what sniff.ts reads to tell a DOS executable from text). */
export const TEXT_SAMPLE_BYTES = 4096;

/**
 * Text formats: HTML, SVG, XML, plain text (UTF-8 / Latin-1, or UTF-16 with a BOM). Only the first 4 KiB are
 * sampled.
 */
export function sniffText(v: ByteView): Detection | null {
	let start = 0;
	let head: string;
	if (v.startsWithBytes([0xef, 0xbb, 0xbf])) start = 3;
	if (v.startsWithBytes([0xff, 0xfe]) || v.startsWithBytes([0xfe, 0xff])) {
		head = utf16Sample(v, v.b[0] === 0xff);
		if (head === '') return null;
	} else {
		const end = Math.min(v.len, start + TEXT_SAMPLE_BYTES);
		if (!looksLikeText(v, start, end)) return null;
		head = v.latin1(start, end, TEXT_SAMPLE_BYTES);
	}
	v.work += 4 * head.length; // a few regular expressions over the sample
	return classifyMarkup(head);
}

/** Low bytes of a UTF-16 sample, or '' when it does not look like UTF-16 text. */
function utf16Sample(v: ByteView, littleEndian: boolean): string {
	const end = Math.min(v.len, TEXT_SAMPLE_BYTES) & ~1;
	let out = '';
	let bad = 0;
	v.work += end;
	for (let i = 2; i + 1 < end; i += 2) {
		const unit = littleEndian ? v.u16le(i) : v.u16be(i);
		if (unit === 0 || (unit < 0x20 && unit !== 9 && unit !== 10 && unit !== 13 && unit !== 12)) bad++;
		// Latin-1 as it is; a repeated byte order mark (U+FEFF) too, as the blank it is (\s), so a file saved twice
		// with one still starts where its markup does; anything else as '?'.
		out += String.fromCharCode(unit < 0x100 || unit === 0xfeff ? unit : 0x3f);
	}
	return bad * 100 > out.length + 1 ? '' : out;
}

/** True when [from, to) has no NUL byte and at most 1% other binary control bytes. */
export function looksLikeText(v: ByteView, from: number, to: number): boolean {
	let controls = 0;
	if (to > from) v.work += to - from;
	for (let i = from; i < to; i++) {
		const c = v.b[i];
		if (c < 0x20) {
			if (c === 0) return false;
			if (c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x1b) controls++;
		}
	}
	return controls * 100 <= to - from;
}

function classifyMarkup(head: string): Detection {
	const s = head.replace(/^[\s\u00a0]+/, '').toLowerCase();
	if (!s.startsWith('<')) return TYPES.text;
	if (s.startsWith('<?xml')) {
		if (/<svg[\s>]/.test(s) || s.includes('<!doctype svg')) return TYPES.svg;
		if (/<html[\s>]/.test(s)) return TYPES.html;
		return TYPES.xml;
	}
	const rest = s.replace(/^(<!--[\s\S]*?-->\s*)+/, '');
	if (rest.startsWith('<svg') || rest.startsWith('<!doctype svg')) return TYPES.svg;
	if (
		rest.startsWith('<!doctype html') ||
		/^<(html|head|body|meta|title|script|style|link|div|table|p|h[1-6]|br|form|iframe|span|a)[\s>/]/.test(rest) ||
		/<html[\s>]/.test(s)
	) {
		return TYPES.html;
	}
	if (/<svg[\s>]/.test(s)) return TYPES.svg;
	return TYPES.text;
}
