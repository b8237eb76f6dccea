// The emulator's cheap upload sniffing, chunk by chunk: magic bytes and the streaming /Encrypt scan must not
// depend on where the socket happens to split the body (fast-check over random splits).
import fc from 'fast-check';
import { EncryptScanner, magicMatches } from '../../emulator/lib/media';

function chunked(bytes: Buffer, cuts: number[]): Buffer[] {
	const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
	const out: Buffer[] = [];
	let last = 0;
	for (const p of points) {
		out.push(bytes.subarray(last, p));
		last = p;
	}
	out.push(bytes.subarray(last));
	return out.filter((c) => c.length > 0);
}

function scan(chunks: Buffer[]): boolean {
	const s = new EncryptScanner();
	for (const c of chunks) s.push(c);
	return s.finish();
}

const filler = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1').replace(/\//g, '_')); // no '/': no accidental names

describe('EncryptScanner', () => {
	it('finds /Encrypt <ref> or /Encrypt << wherever the chunks are cut', () => {
		fc.assert(
			fc.property(
				filler,
				filler,
				fc.constantFrom('/Encrypt 12 0 R', '/Encrypt\n7 0 R', '/Encrypt <</Filter /Standard', '/Encrypt<<'),
				fc.array(fc.nat(), { maxLength: 6 }),
				(before, after, entry, cuts) => {
					const body = Buffer.from(`%PDF-1.7\n${before}\ntrailer\n<< /Size 9 ${entry} >>\n${after}`, 'latin1');
					return scan(chunked(body, cuts)) === true;
				},
			),
			{ numRuns: 300 },
		);
	});

	it('does not flag /EncryptMetadata or a bare name', () => {
		fc.assert(
			fc.property(filler, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
				const body = Buffer.from(`%PDF-1.7\n${text}/EncryptMetadata false /Encrypt /Name ${text}`, 'latin1');
				return scan(chunked(body, cuts)) === false;
			}),
			{ numRuns: 300 },
		);
	});
});

describe('magicMatches', () => {
	it('decides PNG / JPEG / PDF from the first bytes and waits when it cannot tell yet', () => {
		const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
		expect(magicMatches('image/png', png, false)).toBe(true);
		expect(magicMatches('image/png', png.subarray(0, 4), false)).toBeUndefined();
		expect(magicMatches('image/png', png.subarray(0, 4), true)).toBe(false);
		expect(magicMatches('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), false)).toBe(true);
		expect(magicMatches('image/jpeg', png, false)).toBe(false);
		expect(magicMatches('application/pdf', Buffer.from('junk\n%PDF-1.4'), false)).toBe(true);
		expect(magicMatches('application/pdf', Buffer.from('%PD'), false)).toBeUndefined();
		expect(magicMatches('application/pdf', Buffer.alloc(1024, 0x20), false)).toBe(false);
	});
});
