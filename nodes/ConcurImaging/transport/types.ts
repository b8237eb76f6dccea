import type { IExecuteFunctions, IPollFunctions } from 'n8n-workflow';

export type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse as N8nFullResponse,
} from 'n8n-workflow';

/**
 * The n8n context the transport works with: a node's execute, or a trigger's poll. It uses only what both
 * offer: the node, its credentials and n8n's request helpers.
 */
export type ConcurFunctions = IExecuteFunctions | IPollFunctions;

/**
 * How the transport tells the item loop about load (actions/router.ts, adaptive concurrency): `generation` is
 * read when a request is sent and handed back with `throttled` when Concur or the image host answers it with
 * 429 or 503, so one wave of refusals counts once.
 */
export interface LoadSignals {
	readonly generation: number;
	throttled(sentAtGeneration: number): void;
}
