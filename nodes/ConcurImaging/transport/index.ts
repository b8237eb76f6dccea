export { ConcurClient, retryAfterMs } from './client';
export { headerValue } from './headers';
export type { ConcurRequest, ConcurResponse, DownloadedFile, RetrySettings } from './client';
export { CREDENTIAL_TYPES } from './auth';
export type { Authentication } from './auth';
export { errorCodeOf, withCode } from './errors';
export type { CallContext } from './errors';
