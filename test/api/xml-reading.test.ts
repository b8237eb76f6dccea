// Reading Concur's answers costs time linear in their size (issue 12, defect 5: a 160 KB attribute took 12 s),
// and an answer too large to be one of Concur's is not parsed at all. Speed is asserted with a generous per-byte
// limit on CPU time, re-measured before failing: it is about complexity (a quadratic reader is 100-1000x over it
// at these sizes), not about the speed of the machine or its load.

import fc from 'fast-check';

import { parseBody, parseConcurError, parseImageLink, UnreadableResponseError } from '../../nodes/ConcurImaging/api/responses';
import { decodeXmlEntities, parseXml, XmlParseError } from '../../nodes/ConcurImaging/api/xml';
import { cpuMs } from '../support/validation-timing';

const MiB = 1024 * 1024;

/** Generous: a few ns per character is typical; 2 µs per character (plus 50 ms) is about complexity only. */
const limitMs = (chars: number) => 50 + chars * 0.002;

/**
 * CPU milliseconds of `fn` (other processes on the machine do not count), fastest of up to 3 runs, re-run only
 * when over `limit` (and not hopelessly over: 20x is no pause).
 */
function fastestMs(fn: () => unknown, limit: number): number {
	fn(); // warm-up: the first call of a code path compiles it
	let best = Infinity;
	for (let run = 0; run < 3 && (run === 0 || (best > limit && best < 20 * limit)); run++) best = Math.min(best, cpuMs(fn));
	return best;
}

/** Parses, and returns the XmlParseError of a malformed document (any other error fails the test). */
const tryParse = (xml: string) => () => {
	try {
		return parseXml(xml);
	} catch (error) {
		expect(error).toBeInstanceOf(XmlParseError);
		return error;
	}
};

describe('XML reading is linear', () => {
	test('issue 12 defect 5: an error body with a 160 KB attribute is read in linear time', () => {
		// Before the fix: quadratic (the attribute pattern backtracked at every position of an unquoted value or of a
		// name without value): 1.3 s for 20 KB here, 12 s for 160 KB as reported. After: a few ms.
		const value = 'x'.repeat(160 * 1024);
		for (const xml of [`<Error a=${value}><Message>m</Message></Error>`, `<Error ${value}><Message>m</Message></Error>`]) {
			expect(parseXml(xml).children[0].text).toBe('m');
			expect(fastestMs(tryParse(xml), limitMs(xml.length))).toBeLessThan(limitMs(xml.length));
		}
	});

	const n = 256 * 1024;
	const shapes: Array<[string, string]> = [
		['one quoted attribute', `<Error a="${'x'.repeat(n)}"/>`],
		['many attributes', `<Error ${'a="1" '.repeat(n / 6)}/>`],
		['attribute names with "=" and no value', `<Error ${'a='.repeat(n / 2)}></Error>`],
		['white space in a tag', `<Error a${' '.repeat(n)}="1"></Error>`],
		['entities in an attribute', `<Error a="${'&amp;'.repeat(n / 5)}"/>`],
		['entities in text', `<Error>${'&amp;&#65;&#x42;'.repeat(n / 16)}</Error>`],
		['ampersands that are no entity', `<Error>${'& &# &#x &a'.repeat(n / 11)}</Error>`],
		['unterminated quote in a tag', `<Error a="${'x'.repeat(n)}`],
		['deep nesting', `${'<a>'.repeat(n / 7)}${'</a>'.repeat(n / 7)}`],
		['many siblings', `<a>${'<b>x</b>'.repeat(n / 8)}</a>`],
		['unclosed elements', `<a>${'<b>'.repeat(n / 3)}`],
		['CDATA sections and comments', `<a>${'<![CDATA[x]]><!--c-->'.repeat(n / 21)}</a>`],
		['stray "<" in text', `<a>${'< '.repeat(n / 2)}</a>`],
	];
	test.each(shapes)('%s (256 KB)', (_name, xml) => {
		expect(fastestMs(tryParse(xml), limitMs(xml.length))).toBeLessThan(limitMs(xml.length));
	});
});

describe('XML reading keeps its behaviour', () => {
	test('attributes: quoted values read, anything else skipped, exactly as the former pattern', () => {
		const former = (text: string) => {
			const attributes: Record<string, string> = {};
			const pattern = /([^\s=/]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
			let match: RegExpExecArray | null;
			while ((match = pattern.exec(text))) attributes[match[1]] = decodeXmlEntities(match[3] ?? match[4] ?? '');
			return attributes;
		};
		const piece = fc.constantFrom('a', 'b', 'x:y', '=', '"', "'", ' ', '\u00a0', '\t', '\n', '/', '&amp;', '&#65;');
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 16 }), (pieces) => {
				const inner = pieces.join('');
				let root;
				try {
					root = parseXml(`<r ${inner}>t</r>`);
				} catch {
					return; // an unterminated quote: no tag end, an error either way
				}
				expect(root.attributes).toEqual(former(` ${inner}`));
			}),
			{ numRuns: 3000 },
		);
	});

	test('entities: the five predefined and numeric references decoded, others refused, no DOCTYPE', () => {
		expect(parseXml('<a b="&lt;&#65;&#x42;&amp;">&quot;&apos;&gt;&#0;&#x110000;</a>')).toEqual({
			name: 'a',
			attributes: { b: '<AB&' },
			children: [],
			text: `"'>&#0;&#x110000;`,
		});
		expect(decodeXmlEntities('& &# &#x &#xZ; &#X41; &a1; &;')).toBe('& &# &#x &#xZ; &#X41; &a1; &;');
		expect(() => decodeXmlEntities('&nbsp;')).toThrow(/Unknown XML entity &nbsp;/);
		const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Image><Id>&lol2;</Id></Image>';
		expect(() => parseXml(bomb)).toThrow(XmlParseError);
		expect(() => parseXml(bomb)).toThrow(/Document type declarations are not accepted/);
	});
});

describe('answers over 1 MiB are not parsed', () => {
	const imageXml = (padding: number) => `<Image><Id>abc</Id><Url>https://x/y</Url><Note>${'n'.repeat(padding)}</Note></Image>`;

	test('a success answer up to 1 MiB is read; over it, UnreadableResponseError says why', () => {
		const fits = imageXml(MiB - 100);
		expect(Buffer.byteLength(fits)).toBeLessThanOrEqual(MiB);
		expect(parseImageLink(Buffer.from(fits), 'application/xml')).toEqual({ id: 'abc', url: 'https://x/y' });
		const over = Buffer.from(imageXml(3 * MiB));
		expect(() => parseImageLink(over, 'application/xml')).toThrow(UnreadableResponseError);
		expect(() => parseImageLink(over, 'application/xml')).toThrow(/it is 3\d{3} KB, more than the 1024 KB read as XML or JSON/);
		const json = Buffer.from(`{"Id":"abc","Pad":"${'p'.repeat(2 * MiB)}"}`);
		expect(() => parseImageLink(json, 'application/json')).toThrow(/more than the 1024 KB read as XML or JSON/);
		expect(() => parseBody(`<a>${'x'.repeat(2 * MiB)}</a>`)).toThrow(UnreadableResponseError);
	});

	test('an error answer over 1 MiB is read only for its first bytes: never throws, costs no more than 64 KiB', () => {
		const huge = Buffer.alloc(64 * MiB, 0x78);
		huge.write('<Error><Message>Too big</Message>', 0);
		expect(parseConcurError(huge, 'application/xml')).toEqual({ message: undefined });
		const text = Buffer.alloc(64 * MiB, 0x61);
		text.write('Gateway says no. ', 0);
		expect(parseConcurError(text, 'text/plain').message).toMatch(/^Gateway says no\. a+$/);
		expect((parseConcurError(text, 'text/plain').message ?? '').length).toBe(500);
		const page = Buffer.alloc(64 * MiB, 0x20);
		page.write('<!DOCTYPE html><html><head><title>Maintenance</title>', 0);
		expect(parseConcurError(page, 'text/html')).toEqual({ htmlTitle: 'Maintenance' });
		// 64 MiB, of which 64 KiB are decoded: a generous bound that a full decode and parse would miss by far.
		expect(fastestMs(() => parseConcurError(huge, 'application/xml'), 50)).toBeLessThan(50);
	});
});
