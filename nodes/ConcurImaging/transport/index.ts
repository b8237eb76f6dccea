export { ConcurClient } from './client';
export type { ConcurRequest, ConcurResponse } from './client';
export type { DownloadedFile } from './download';
export { fileNameFromDisposition } from './fileName';
export { headerValue } from './headers';
export { retryAfterMs } from './retry';
export type { RetrySettings } from './retry';
export { CREDENTIAL_TYPES } from './auth';
export type { Authentication } from './auth';
