// Concur answers the node must read right, found by the mutation run over api/responses.ts (issue 18,
// reports/mutation/SURVIVORS.md): what an upload, a list page or an error turns into when the answer is not the
// happy XML of the reference pages. Each test names the mutant it kills.

import { parseConcurError, parseImageLink, parseReceiptImagePage, UnreadableResponseError } from '../../nodes/ConcurImaging/api/responses';

describe('an upload answer that is not XML or JSON is not taken for a success', () => {
	// Mutants: `parsed.kind === 'empty'` -> true (L92) and the message emptied (L93).
	it('a proxy or gateway HTML page is refused, not read as an upload without an ID', () => {
		expect(() => parseImageLink('<!DOCTYPE html><html><head><title>Sign in</title></head></html>', 'text/html')).toThrow(UnreadableResponseError);
	});

	it('plain text is refused with a message that says what came back', () => {
		expect(() => parseImageLink('Service Unavailable', 'text/plain')).toThrow("Concur answered with something that is not XML or JSON.");
	});

	it('an empty answer gives no ID (the caller reports the missing ID)', () => {
		expect(parseImageLink(undefined)).toEqual({});
		expect(parseImageLink('   \r\n')).toEqual({});
	});
});

describe('IDs and links in JSON answers', () => {
	// Mutants: the `.trim()` of pick removed (L64, L65).
	it('a blank ID is no ID, and IDs and links come without the blanks around them', () => {
		expect(parseImageLink('{"ID":"   ","URI":"https://img/x"}', 'application/json')).toEqual({ id: undefined, url: 'https://img/x' });
		expect(parseImageLink('{"ID":" x5 ","URI":" https://img/x5 "}', 'application/json')).toEqual({ id: 'x5', url: 'https://img/x5' });
	});
});

describe('list pages', () => {
	// Mutants: `?? ''` of the item ID (L114, L122) and the ID filter.
	it('an entry without an ID is left out: it could not be got or deleted', () => {
		const xml = '<ReceiptImages><Items><ReceiptImage><URI>u-none</URI></ReceiptImage><ReceiptImage><ID>a</ID><URI>u-a</URI></ReceiptImage></Items></ReceiptImages>';
		expect(parseReceiptImagePage(xml).items).toEqual([{ id: 'a', uri: 'u-a' }]);
		expect(parseReceiptImagePage('{"Items":[{"URI":"u-none"},{"ID":"c","URI":"u-c"}]}').items).toEqual([{ id: 'c', uri: 'u-c' }]);
	});

	// Mutant: 'NextPage' emptied in the JSON reading (L124).
	it('a JSON page names the next page, so Get Many goes on', () => {
		const page = parseReceiptImagePage('{"Items":[{"ID":"c","URI":"u-c"}],"NextPage":"https://h/api/v3.0/expense/receiptimages?offset=xyz&limit=1"}', 'application/json');
		expect(page.nextPage).toBe('https://h/api/v3.0/expense/receiptimages?offset=xyz&limit=1');
	});

	// Mutants: `parsed.kind === 'empty'` (L126) and the refusal message (L127).
	it('an empty page is an empty list; plain text is refused', () => {
		expect(parseReceiptImagePage('')).toEqual({ items: [] });
		expect(() => parseReceiptImagePage('Bad Gateway', 'text/plain')).toThrow('Concur answered the list request with something that is not XML or JSON.');
	});
});

describe("Concur's error answers", () => {
	// Mutants: 'Server-Time' and 'timestamp' emptied (L168): the time of the error is what Concur support asks for.
	it('keeps the server time of the JSON error envelopes', () => {
		expect(parseConcurError('{"Error":{"Message":"Forbidden Request","Server-Time":"2019-03-12T07:56:32","Id":"65F6"}}')).toEqual({
			message: 'Forbidden Request',
			code: undefined,
			errorId: '65F6',
			serverTime: '2019-03-12T07:56:32',
		});
		expect(parseConcurError('{"timestamp":"2022-08-26T16:13:17.230+00:00","error":{"id":"security.rate.limit.reached","message":"Too many requests"}}')).toEqual({
			message: 'Too many requests',
			code: 'security.rate.limit.reached',
			errorId: undefined,
			serverTime: '2022-08-26T16:13:17.230+00:00',
		});
	});

	// Mutants: `{ message: parsed.text }` -> {} (L172) and the 500-character cut (L56).
	it('quotes a plain-text error answer, cut to 500 characters', () => {
		expect(parseConcurError('Upstream connect error', 'text/plain')).toEqual({ message: 'Upstream connect error' });
		expect(parseConcurError('x'.repeat(2000), 'text/plain').message).toBe('x'.repeat(500));
	});

	// Mutant: the 'an HTML page' fallback emptied (L171).
	it('names an HTML error page even when it has no title', () => {
		expect(parseConcurError('<html><body>Maintenance</body></html>')).toEqual({ htmlTitle: 'an HTML page' });
	});

	// Mutant: 'error' emptied in the last fallback (L165): OAuth-style answers with only an error code.
	it("reads an OAuth-style error that has only the error code", () => {
		expect(parseConcurError('{"error":"invalid_client"}', 'application/json').message).toBe('invalid_client');
	});

	it('an empty error answer has nothing to quote', () => {
		expect(parseConcurError('')).toEqual({});
	});
});
