// The pure parts of the v4 operations: multipart bodies (read back with the emulator's parser), the Quick
// Expense pacing window, the per-API file rules, and the Identity/Receipts v4 readers.
import { applyApiFileRules, API_FILE_RULES } from '../../nodes/ConcurImaging/actions/apiFileRules';
import { isUuid, parseIdentityUsers, userNameFilter } from '../../nodes/ConcurImaging/api/identity';
import { linkWithRel, parseQuickExpenseCreated, pathUnder } from '../../nodes/ConcurImaging/api/v4';
import { multipartBody } from '../../nodes/ConcurImaging/transport/multipart';
import { RateWindow } from '../../nodes/ConcurImaging/transport/pacing';
import { validateReceiptFile } from '../../nodes/ConcurImaging/validation';
import { PNG } from '../fixtures/files';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { boundaryOf, parseMultipart } = require('../../emulator/lib/multipart');

describe('multipart bodies', () => {
	it('carries each part byte for byte, with names that cannot inject a header', () => {
		const { body, contentType } = multipartBody([
			{ name: 'quickExpenseRequest', data: '{"a":1}' },
			{ name: 'fileContent', data: PNG, fileName: 'evil"\r\nX-Injected: 1.png', contentType: 'image/png' },
		]);
		const parsed = parseMultipart(body, boundaryOf(contentType));
		expect(parsed.parts.map((p: { name: string }) => p.name)).toEqual(['quickExpenseRequest', 'fileContent']);
		expect(parsed.parts[0]).toMatchObject({ contentType: null, filename: null });
		expect(parsed.parts[0].data.toString()).toBe('{"a":1}');
		expect(Buffer.compare(parsed.parts[1].data, PNG)).toBe(0);
		expect(parsed.parts[1].filename).toBe('evil%22%0D%0AX-Injected: 1.png');
		expect(body.toString('latin1')).not.toContain('\r\nX-Injected');
	});

	it('picks another boundary when the chosen one occurs in a part', () => {
		const { contentType } = multipartBody([{ name: 'x', data: 'a--b' }], 'a--b');
		expect(contentType).not.toContain('boundary=a--b');
	});
});

describe('pacing (120 requests per 5 minutes per user)', () => {
	it('lets a burst up to the limit through, then waits until the oldest request leaves the window', async () => {
		let now = 0;
		const waits: number[] = [];
		const window = new RateWindow(3, 1000, () => now, async (ms) => {
			waits.push(ms);
			now += ms;
		});
		for (let i = 0; i < 3; i++) await window.take('alex');
		expect(waits).toEqual([]);
		await window.take('blair'); // per key
		now = 400;
		await window.take('alex');
		expect(waits).toEqual([601]);
		expect(now).toBe(1001);
	});
});

describe('per-API file rules on top of the file check', () => {
	const gif = { ...validateReceiptFile(PNG), detectedMimeType: 'image/gif', detectedKind: 'GIF image' };
	it('refuses a type the API does not document, and a file over its cap', () => {
		expect(applyApiFileRules(gif, 'spendDocumentsV4')).toBe(gif); // Spend Documents lists GIF
		const refused = applyApiFileRules(gif, 'quickExpenseV4');
		expect(refused.valid).toBe(false);
		expect(refused.problems[0]).toMatchObject({ code: 'UNSUPPORTED_TYPE', message: expect.stringContaining('Quick Expense v4 does not take GIF image files') });
		const big = { ...validateReceiptFile(PNG), fileSize: 11 * 1024 * 1024 };
		expect(applyApiFileRules(big, 'receiptsV4ImageOnly').problems).toEqual([expect.objectContaining({ code: 'FILE_TOO_LARGE' })]);
		expect(API_FILE_RULES.quickExpenseV4.maxBytes).toBe(50 * 1024 * 1024);
	});
});

describe('Identity v4 and Receipts v4 readers', () => {
	it('escapes the login in the SCIM filter and reads id and company UUID', () => {
		expect(userNameFilter('a"b\\c@example.com')).toBe('userName eq "a\\"b\\\\c@example.com"');
		const users = parseIdentityUsers(
			JSON.stringify({ Resources: [{ id: 'u-1', userName: 'a@x', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { companyId: 'c-1' } }] }),
			'application/json',
		);
		expect(users).toEqual([{ id: 'u-1', userName: 'a@x', companyId: 'c-1' }]);
		expect(isUuid('184dd31a-f48a-4103-879f-c8d45456c7cd')).toBe(true);
		expect(isUuid('alex@example.com')).toBe(false);
	});

	it('follows only a processing-status link under Receipts v4, and reads the quick expense id', () => {
		const headers = { Link: '<http://schema.example/x.json>; rel="describedBy", <https://us.api.concursolutions.com/receipts/v4/status/b0a4>; rel="processing-status"' };
		expect(linkWithRel(headers, 'processing-status')).toBe('https://us.api.concursolutions.com/receipts/v4/status/b0a4');
		expect(pathUnder('https://evil.example/receipts/v4/status/b0a4?x=1', '/receipts/v4/status/')).toBe('/receipts/v4/status/b0a4?x=1');
		expect(pathUnder('https://us.api.concursolutions.com/oauth2/v0/token', '/receipts/v4/status/')).toBeUndefined();
		const created = parseQuickExpenseCreated(
			Buffer.from('{"quickExpenseIdUri":"https://seapr1qes.concurasp.com/quickexpense/v4/users/u/context/TRAVELER/quickexpenses/A0D1CE97B4692B4F8E29BEA53B250E36"}'),
			'application/json',
		);
		expect(created.id).toBe('A0D1CE97B4692B4F8E29BEA53B250E36');
	});
});
