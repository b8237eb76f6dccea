import { fileNameFromDisposition, retryAfterMs } from '../../nodes/ConcurImaging/transport';
import { isExpiredTokenResponse } from '../../nodes/ConcurImaging/transport/auth';
import { urlExpiry } from '../../nodes/ConcurImaging/actions/imageGet';
import { apiBaseUrl, browserBaseUrl, isTrustedGeolocation } from '../../nodes/ConcurImaging/api/dataCenters';
import { expiryFromNow, refreshExpiry } from '../../nodes/ConcurImaging/api/tokens';

const response = (statusCode: number, body = '') => ({ statusCode, headers: {}, body: Buffer.from(body) });

describe('transport details', () => {
	it('reads Retry-After as seconds or as an HTTP date', () => {
		const now = Date.parse('2026-11-28T12:00:00Z');
		expect(retryAfterMs('3', now)).toBe(3000);
		expect(retryAfterMs('Sat, 28 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
		expect(retryAfterMs('', now)).toBeUndefined();
		expect(retryAfterMs('soon', now)).toBeUndefined();
	});

	it('takes a file name from Content-Disposition, never a path', () => {
		expect(fileNameFromDisposition('attachment; filename="receipt 1.pdf"')).toBe('receipt 1.pdf');
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''Quittung%20%C3%A4.pdf")).toBe('Quittung ä.pdf');
		expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('etc_passwd');
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
	});

	it("tells an expired token's 403 from a refusal", () => {
		expect(isExpiredTokenResponse(response(401))).toBe(true);
		expect(isExpiredTokenResponse(response(403, '<Error><Message>The access token has expired.</Message></Error>'))).toBe(true);
		expect(isExpiredTokenResponse(response(403, '<Error><Message>Invalid access token.</Message></Error>'))).toBe(true);
		expect(isExpiredTokenResponse(response(403, '<Error><Message>Forbidden Request</Message></Error>'))).toBe(false);
		expect(isExpiredTokenResponse(response(403, 'Forbidden'), new Date(Date.now() - 1000).toISOString())).toBe(true);
		expect(isExpiredTokenResponse(response(404, 'expired'))).toBe(false);
	});

	it("knows when a link expires: from the link's own expiry, else Concur's 15 minutes", () => {
		const fetchedAt = Date.parse('2026-11-28T12:00:00Z');
		expect(urlExpiry('https://img/file/x?id=1&e=1795870800&t=AN&s=abc', fetchedAt)).toBe('2026-11-28T13:00:00.000Z');
		expect(urlExpiry('https://imaginginvoiceupload.concursolutions.com/file/p0085104gigw/92608?id=2A5A&e=p0085104gigw&t=AN', fetchedAt)).toBe('2026-11-28T12:15:00.000Z');
	});
});

describe('data centers and tokens', () => {
	it('maps data centers to their API and sign-in hosts', () => {
		expect(apiBaseUrl('us2')).toBe('https://us2.api.concursolutions.com');
		expect(browserBaseUrl('eu2')).toBe('https://www-eu2.api.concursolutions.com');
		expect(browserBaseUrl('glz')).toBe('https://glz.api.concursolutions.com');
		expect(apiBaseUrl('custom', 'https://proxy.example.com/concur/')).toBe('https://proxy.example.com/concur');
		expect(apiBaseUrl('emulator')).toBe('http://127.0.0.1:40001');
	});

	it('follows a geolocation only to Concur or to the configured machine', () => {
		expect(isTrustedGeolocation('https://eu2.api.concursolutions.com', 'https://us2.api.concursolutions.com')).toBe(true);
		expect(isTrustedGeolocation('https://www-cn.api.concurcdc.cn', 'https://us2.api.concursolutions.com')).toBe(true);
		expect(isTrustedGeolocation('http://127.0.0.1:40002', 'http://127.0.0.1:40001')).toBe(true);
		expect(isTrustedGeolocation('https://evil.example.com', 'https://us2.api.concursolutions.com')).toBe(false);
		expect(isTrustedGeolocation('http://us2.api.concursolutions.com', 'https://us2.api.concursolutions.com')).toBe(false);
		expect(isTrustedGeolocation('https://concursolutions.com.evil.io', 'https://us2.api.concursolutions.com')).toBe(false);
	});

	it('reads expires_in as a string or a number, refresh_expires_in as an epoch', () => {
		const now = Date.parse('2026-11-28T12:00:00Z');
		expect(expiryFromNow('3600', now)).toBe('2026-11-28T13:00:00.000Z');
		expect(expiryFromNow(3600, now)).toBe('2026-11-28T13:00:00.000Z');
		expect(refreshExpiry(1795870800)).toBe('2026-11-28T13:00:00.000Z');
		expect(refreshExpiry(undefined)).toBe('');
	});
});
