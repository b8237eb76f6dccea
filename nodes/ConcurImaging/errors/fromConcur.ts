import type { INode } from 'n8n-workflow';

import { parseConcurError } from '../api/responses';
import { networkProblemInWords } from '../api/tokens';
import { headerValue } from '../transport/headers';
import type { ApiErrorCode } from './index';
import { apiError } from './index';

/** What an operation tells the transport about a call, so errors can name the thing and the fix. */
export interface CallContext {
	/** e.g. 'expense entry', 'report', 'invoice', 'receipt image' */
	target: string;
	id?: string;
	/** 'upload' | 'get' | 'list' | 'append' | 'delete' */
	action: string;
}

export interface FailedResponse {
	statusCode: number;
	headers: Record<string, unknown>;
	body: Buffer;
	contentType: string;
}

export const correlationIdOf = (headers: Record<string, unknown>) => headerValue(headers, 'concur-correlationid');

const thing = (context: CallContext) => (context.id ? `${context.target} "${context.id}"` : `the ${context.target}`);

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Turns a Concur error answer into a NodeApiError that says what happened and how to fix it. */
export function apiErrorFromResponse(node: INode, response: FailedResponse, context: CallContext, itemIndex: number) {
	const { statusCode } = response;
	const details = parseConcurError(response.body, response.contentType);
	const correlationId = correlationIdOf(response.headers);
	const concurMessage = details.message ?? (details.htmlTitle ? `an HTML page ("${details.htmlTitle}")` : undefined);
	const says = concurMessage ? ` Concur says: ${concurMessage}` : '';
	const trace = correlationId ? ` (Concur correlation ID ${correlationId})` : '';

	let code: ApiErrorCode = 'CONCUR_ERROR';
	let message = `Concur could not ${context.action} ${thing(context)} (HTTP ${statusCode}).${says}`;
	let description = `Retry later; if it keeps failing, give Concur support the correlation ID${trace}.`;

	if (statusCode === 400 && /already|only one|one image|exists/i.test(concurMessage ?? '') && context.action === 'upload') {
		code = 'IMAGE_ALREADY_ATTACHED';
		message = `${capitalize(thing(context))} already has an image, and Concur allows only one.${says}`;
		description = `An ${context.target} takes exactly one image; Concur does not replace or append it. Attach further pages to the report instead (Report > Upload appends), or remove the image in Concur first.${trace}`;
	} else if (statusCode === 400 || statusCode === 413 || statusCode === 415) {
		code = 'CONCUR_REJECTED';
		message = `Concur refused to ${context.action} ${thing(context)} (HTTP ${statusCode}).${says}`;
		description = `Check the ID and the file, then run the item again.${trace}`;
	} else if (statusCode === 403 && /deleted|does not exist|not found|no longer exists/i.test(concurMessage ?? '')) {
		// Concur answers 403, not 404, for a receipt image that was deleted.
		code = 'NOT_FOUND';
		message = `${capitalize(thing(context))} no longer exists in Concur.${says}`;
		description = `It was deleted, in Concur or by an earlier run. Nothing to ${context.action}.${trace}`;
	} else if (statusCode === 401 || statusCode === 403) {
		code = 'ACCESS_DENIED';
		message = `Concur denied access to ${thing(context)} (HTTP ${statusCode}).${says}`;
		description = `The Concur user behind the credential must own it, or be a Company or Web Services Administrator, and the Concur app needs the IMAGE scope. If you use a user credential, check that it is connected to the right company.${trace}`;
	} else if (statusCode === 404) {
		code = 'NOT_FOUND';
		message =
			context.action === 'get'
				? `Concur found no image for ${thing(context)}.${says}`
				: `Concur found no ${context.target}${context.id ? ` with ID "${context.id}"` : ''}.${says}`;
		description = `Check the ID: expense entries and invoices use Concur's 20-character IDs, reports their report ID. A report or entry without any image also answers "not found".${trace}`;
	} else if (statusCode === 429) {
		code = 'RATE_LIMITED';
		message = `Concur is rate limiting these requests (HTTP 429) and retries did not get through.${says}`;
		description = `Lower the node's Concurrency option, raise Max Retries, or spread the items over time.${trace}`;
	} else if (statusCode >= 500) {
		code = statusCode === 500 ? 'CONCUR_ERROR' : 'CONCUR_UNAVAILABLE';
		message = `Concur had a problem and could not ${context.action} ${thing(context)} (HTTP ${statusCode}).${says}`;
		description =
			statusCode === 500 && context.action === 'upload'
				? `Concur may have stored the file anyway, so it was not sent again automatically. Check in Concur before you run this item again.${trace}`
				: `Concur may be under maintenance; retry later.${trace}`;
	}

	return apiError(
		node,
		{ message, description, itemIndex },
		{ code, httpCode: statusCode, concurMessage, concurCode: details.code, correlationId },
	);
}

/**
 * Concur answered with a 3xx. The node never follows it: a redirect would carry the Authorization header (and,
 * on 307/308, the file) to wherever Location points. Only the host of Location is named, never its path or query.
 */
export function redirectError(node: INode, response: FailedResponse, context: CallContext, itemIndex: number) {
	const location = headerValue(response.headers, 'location');
	let target = 'another address';
	if (location) {
		try {
			target = new URL(location).host || target;
		} catch {
			target = 'another path on the same host'; // a relative Location
		}
	}
	const correlationId = correlationIdOf(response.headers);
	return apiError(
		node,
		{
			message: `Concur answered the request to ${context.action} ${thing(context)} with a redirect to ${target} (HTTP ${response.statusCode}); the node does not follow redirects with your credential or files.`,
			description: `Check the credential's data center or base URL (a proxy in between may also redirect). Nothing was sent to ${target}.${correlationId ? ` (Concur correlation ID ${correlationId})` : ''}`,
			itemIndex,
		},
		{ code: 'UNEXPECTED_REDIRECT', httpCode: response.statusCode, correlationId },
	);
}

/** A failure with no HTTP answer. The message names the host, never the request's headers. */
export function networkError(node: INode, error: unknown, url: string, itemIndex: number, context: CallContext, mayHaveStored = false) {
	const code = (error as { code?: string }).code ?? (error as { cause?: { code?: string } }).cause?.code;
	// Only our own words go into the message: n8n replaces a message next to a raw code like ECONNRESET.
	const message = `Could not reach Concur at ${safeHost(url)} to ${context.action} ${thing(context)}: ${networkProblemInWords(code)}.`;
	return apiError(
		node,
		{
			message,
			description: mayHaveStored
				? 'The connection broke after the file was sent: Concur may have stored it, so it was not sent again automatically. Check in Concur before you run this item again.'
				: "Check the network, proxy settings and the credential's data center, then run the item again.",
			itemIndex,
		},
		{ code: 'NETWORK_ERROR' },
	);
}

/** The host of a URL without user info, path or query: safe to show. */
export function safeHost(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return 'the configured address';
	}
}
