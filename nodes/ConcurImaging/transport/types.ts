export type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse as N8nFullResponse,
} from 'n8n-workflow';
