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
