// The file name an image host gives in Content-Disposition (nodes/ConcurImaging/transport/fileName.ts), found by
// the mutation run over transport/ (issue 18, run transport-credentials, reports/mutation/SURVIVORS.md): the
// spellings RFC 6266/8187 allow, the Latin-1 charset, and the cleaning of what the host says. Each test names the
// mutant it kills.
import { fileNameFromDisposition, safeFileName } from '../../nodes/ConcurImaging/transport/fileName';

describe('filename* (RFC 8187)', () => {
	// Mutants: `filename\*\s*=` -> `filename\*\S*=` and `=\s*` -> `=\S*` (L8).
	it('may have blanks around the equals sign', () => {
		expect(fileNameFromDisposition("attachment; filename* = UTF-8''Quittung%20%C3%A4.pdf")).toBe('Quittung ä.pdf');
	});

	// Mutant: `'[^']*'` -> `'[']*'` (L8): the language tag between the quotes.
	it('may name the language of the file name', () => {
		expect(fileNameFromDisposition("attachment; filename*=UTF-8'de'Quittung%20%C3%A4.pdf")).toBe('Quittung ä.pdf');
	});

	// Mutants: `if (/^iso-8859-1$/i.test(charset))` -> false, its block -> {} (L21), and the percent-escape pattern
	// `%([0-9a-f]{2})` -> `%([0-9a-f])` and -> `%([^0-9a-f]{2})` (L22).
	it('reads ISO-8859-1 names as Latin-1', () => {
		expect(fileNameFromDisposition("attachment; filename*=ISO-8859-1''Quittung%20%E4%DF.pdf")).toBe('Quittung äß.pdf');
		expect(fileNameFromDisposition("attachment; filename*=iso-8859-1''%C4pfel.pdf")).toBe('Äpfel.pdf');
	});

	// Mutants: `/^iso-8859-1$/i` -> `/^iso-8859-1/i` and -> `/iso-8859-1$/i` (L21): only that charset is Latin-1,
	// the rest is read as UTF-8.
	it('reads a charset that only resembles ISO-8859-1 as UTF-8', () => {
		expect(fileNameFromDisposition("attachment; filename*=ISO-8859-15''%E2%82%AC%20Beleg.pdf")).toBe('€ Beleg.pdf');
		expect(fileNameFromDisposition("attachment; filename*=X-ISO-8859-1''%E2%82%AC%20Beleg.pdf")).toBe('€ Beleg.pdf');
	});

	// Mutant: `if (safe) return safe` -> `if (true) return safe` (L12): nothing usable in filename*, so filename.
	it('falls back to filename when filename* leaves nothing usable or is not valid UTF-8', () => {
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''..%2F..%2F; filename=\"receipt.pdf\"")).toBe('receipt.pdf');
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''%FF%FE.pdf; filename=\"receipt.pdf\"")).toBe('receipt.pdf');
	});
});

describe('filename', () => {
	// Mutants: `[^;]+` -> `[^;]` and -> `[;]+` (L14): a name without quotes.
	it('may come without quotes', () => {
		expect(fileNameFromDisposition('attachment; filename=receipt-2026.pdf; size=1234')).toBe('receipt-2026.pdf');
	});
});

describe('cleaning a file name', () => {
	// Mutant: `part.trim().replace(…)` -> `part.replace(…)` (L57): blanks before a folder separator.
	it('drops the blanks at the end of each folder part', () => {
		expect(safeFileName('Belege 2026 /März /receipt.pdf')).toBe('Belege 2026_März_receipt.pdf');
	});

	// Mutant: the replacement '_' of `[<>:"|?*]` -> "" (L61).
	it('replaces the characters Windows refuses by an underscore', () => {
		expect(safeFileName('invoice: 12?*3 <final>|"copy".pdf')).toBe('invoice_ 12__3 _final___copy_.pdf');
	});

	// Mutants: `/[.\s]+$/` -> `/[.\s]$/` and its replacement '' -> "Stryker was here!" (L62).
	it('drops every trailing dot and blank', () => {
		expect(safeFileName('receipt.pdf. . ')).toBe('receipt.pdf');
		expect(safeFileName('receipt.pdf.')).toBe('receipt.pdf');
	});

	// Mutants: `safe.length > MAX_LENGTH` -> false, its block -> {}, `safe.slice(…)` -> `safe`, and
	// `MAX_LENGTH - extension.length` -> `+` (L63, L65); the extension pattern without `$`, with one character,
	// or with `[^A-Za-z0-9]` (L64).
	it('cuts a name longer than 200 characters to 200, keeping its extension', () => {
		const long = `scan.2026-${'x'.repeat(300)}.pdf`;
		const safe = safeFileName(long)!;
		expect(safe).toHaveLength(200);
		expect(safe).toBe(`${long.slice(0, 196)}.pdf`);
	});

	// Mutant: `?.[0] ?? ''` -> `?? "Stryker was here!"` (L64): no extension to keep.
	it('cuts a long name without extension to its first 200 characters', () => {
		const long = 'y'.repeat(260);
		expect(safeFileName(long)).toBe('y'.repeat(200));
	});
});
