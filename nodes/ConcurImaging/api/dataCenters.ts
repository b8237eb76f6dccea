/**
 * Concur's data centers (developer.concur.com "Base URIs"). Each has an API host for server calls and a `www-`
 * twin for browser flows such as the OAuth2 authorize page. A token's `geolocation` names the host that every
 * later call (refresh included) must go to; the data center the user picks is only where the first token
 * request goes.
 */
export interface DataCenter {
	value: string;
	name: string;
	apiHost: string;
	browserHost: string;
}

const concur = (prefix: string, name: string, hasBrowserTwin = true): DataCenter => ({
	value: prefix,
	name,
	apiHost: `https://${prefix}.api.concursolutions.com`,
	browserHost: `https://${hasBrowserTwin ? 'www-' : ''}${prefix}.api.concursolutions.com`,
});

/** The local Concur emulator (`npm run emulator`) listens here by default. */
export const EMULATOR_BASE_URL = 'http://127.0.0.1:40001';

export const DATA_CENTERS: DataCenter[] = [
	concur('us2', 'US2 (North America)'),
	concur('eu2', 'EU2 (Europe)'),
	concur('apj1', 'APJ1 (Asia Pacific and Japan)'),
	concur('usg', 'CCPS (US Government, formerly PSCC)'),
	concur('glz', 'GLZ (Global Landing Zone)', false),
	concur('us-impl', 'US Implementation'),
	concur('emea-impl', 'EMEA Implementation'),
	concur('us', 'US (Legacy Host)'),
	concur('emea', 'EMEA (Legacy Host)'),
	{ value: 'custom', name: 'Custom Base URL', apiHost: '', browserHost: '' },
	// Last, and named for what it is: choosing it sends the client secret to this machine, not to Concur.
	{ value: 'emulator', name: 'Local Emulator on This Machine (127.0.0.1:40001)', apiHost: EMULATOR_BASE_URL, browserHost: EMULATOR_BASE_URL },
];

/** Options for a credential's data-center selector. */
export const DATA_CENTER_OPTIONS = DATA_CENTERS.map(({ name, value }) => ({ name, value }));

const trimSlash = (url: string) => url.trim().replace(/\/+$/, '');

/** The API host to send the first token request to, for the chosen data center. */
export function apiBaseUrl(dataCenter: string, customBaseUrl?: string): string {
	const match = DATA_CENTERS.find((dc) => dc.value === dataCenter);
	if (!match || match.value === 'custom') return trimSlash(customBaseUrl ?? '');
	return match.apiHost;
}

/** The host of the browser-facing authorize page for the chosen data center. */
export function browserBaseUrl(dataCenter: string, customBaseUrl?: string): string {
	const match = DATA_CENTERS.find((dc) => dc.value === dataCenter);
	if (!match || match.value === 'custom') return trimSlash(customBaseUrl ?? '');
	return match.browserHost;
}

const CONCUR_HOST = /(^|\.)(concursolutions\.com|concurcdc\.cn)$/;
const LOOPBACK_HOST = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/** A Concur API host over HTTPS. */
export function isConcurHost(url: string): boolean {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'https:' && CONCUR_HOST.test(parsed.hostname);
	} catch {
		return false;
	}
}

/**
 * Whether a `geolocation` Concur returned may receive the client secret and tokens: a Concur host over HTTPS,
 * or the configured origin itself (protocol, host and port). On this machine's loopback address any port of
 * the same host counts (the emulator's data centers), since nothing leaves the machine.
 */
export function isTrustedGeolocation(geolocation: string, configuredBaseUrl: string): boolean {
	let target: URL;
	let configured: URL;
	try {
		target = new URL(geolocation);
		configured = new URL(configuredBaseUrl);
	} catch {
		return false;
	}
	if (isConcurHost(geolocation)) return true;
	if (target.hostname !== configured.hostname || target.protocol !== configured.protocol) return false;
	return target.port === configured.port || LOOPBACK_HOST.test(target.hostname);
}

export function normalizeBaseUrl(url: string): string {
	return trimSlash(url);
}
