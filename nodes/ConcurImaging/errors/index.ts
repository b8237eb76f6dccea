import type { IBinaryKeyData, IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { UnreadableResponseError } from '../api/responses';
import type { ProblemCode, ValidationIssue } from '../validation';

/**
 * The one place that says what a failure is: the routing codes every error item carries, the details that
 * travel with an error, and the item the error output gets. Operations and the transport build errors here;
 * the router turns them into items here.
 */

/** Codes the Concur side adds; the file codes come from validation (EMPTY_FILE, UNSUPPORTED_TYPE, …). */
export type ApiErrorCode =
	| 'CONCUR_REJECTED'
	| 'IMAGE_ALREADY_ATTACHED'
	| 'ACCESS_DENIED'
	| 'NOT_FOUND'
	| 'USER_NOT_FOUND'
	| 'RATE_LIMITED'
	| 'CONCUR_UNAVAILABLE'
	| 'CONCUR_ERROR'
	| 'NETWORK_ERROR'
	| 'CREDENTIAL_INVALID'
	| 'IMAGE_DOWNLOAD_FAILED'
	| 'UNEXPECTED_REDIRECT'
	| 'UNREADABLE_RESPONSE';

/** Codes for input the node refuses before anything is sent. */
export type InputErrorCode = 'INVALID_ID' | 'INVALID_PARAMETER' | 'DEDUPLICATION_UNAVAILABLE' | 'INVALID_FILTER' | 'MISSING_BINARY' | ProblemCode;

export type ErrorCode = ApiErrorCode | InputErrorCode;

/** What an error item's `details` hold: the code to route on and what Concur or the file check said. */
export interface ErrorDetails {
	code: ErrorCode;
	description?: string;
	httpCode?: number;
	concurMessage?: string;
	concurCode?: string;
	correlationId?: string;
	fileName?: string;
	detectedMimeType?: string;
	problems?: ValidationIssue[];
}

export type NodeError = NodeApiError | NodeOperationError;

// Details live beside the error, not inside n8n's `context` bag: typed, and never mixed with n8n's own keys.
const DETAILS = new WeakMap<object, Omit<ErrorDetails, 'description'>>();

interface ErrorText {
	message: string;
	description?: string;
	itemIndex?: number;
}

/** An error in Concur's answer or on the way to Concur (NodeApiError, as n8n's conventions ask). */
export function apiError(node: INode, text: ErrorText, details: Omit<ErrorDetails, 'description'>): NodeApiError {
	const response: JsonObject = { message: text.message };
	if (details.httpCode !== undefined) response.statusCode = details.httpCode;
	const error = new NodeApiError(node, response, {
		message: text.message,
		description: text.description,
		itemIndex: text.itemIndex,
		...(details.httpCode !== undefined ? { httpCode: String(details.httpCode) } : {}),
	});
	DETAILS.set(error, details);
	return error;
}

/** An input the node refuses before sending anything (NodeOperationError). */
export function inputError(
	node: INode,
	text: ErrorText,
	details: Omit<ErrorDetails, 'description'>,
	cause?: Error,
): NodeOperationError {
	const error = new NodeOperationError(node, cause ?? text.message, {
		message: text.message,
		description: text.description,
		itemIndex: text.itemIndex,
	});
	DETAILS.set(error, details);
	return error;
}

export function errorCodeOf(error: unknown): ErrorCode | undefined {
	return error && typeof error === 'object' ? DETAILS.get(error)?.code : undefined;
}

/**
 * Every failure leaves the node as a NodeApiError or NodeOperationError with the item index and a code. Errors
 * from elsewhere (n8n's helpers, a reader that could not make sense of an answer) are wrapped here.
 */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (!DETAILS.has(error)) DETAILS.set(error, { code: 'CONCUR_ERROR' });
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	const message = (error as Error)?.message ?? String(error);
	if (error instanceof UnreadableResponseError) {
		return apiError(
			node,
			{
				message,
				description: 'Concur answered with something this node cannot read (often a maintenance page). Run the item again later.',
				itemIndex,
			},
			{ code: 'UNREADABLE_RESPONSE' },
		);
	}
	return apiError(node, { message, itemIndex }, { code: 'CONCUR_ERROR' });
}

/**
 * The item for the error output: what failed and, under `details`, the code to route on and Concur's own
 * words. n8n sends an item to the error output only when its json has no keys but error, message and details,
 * and it replaces the json of items that carry an Error object, so the details travel as plain data. The
 * input's file stays on the item, so a refused receipt can be routed on and nothing is lost.
 */
export function errorItem(error: NodeError, binary: IBinaryKeyData | undefined): { json: IDataObject; binary?: IBinaryKeyData } {
	const details: IDataObject = { ...(DETAILS.get(error) ?? { code: 'CONCUR_ERROR' }) } as IDataObject;
	if (error.description) details.description = error.description;
	for (const key of Object.keys(details)) if (details[key] === undefined) delete details[key];
	return { json: { error: error.message, details }, binary };
}
