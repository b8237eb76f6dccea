import { CompanyAuthSession } from './companySession';
import type { Authentication, AuthSession } from './session';
import type { ConcurFunctions } from './types';
import { UserAuthSession } from './userSession';

// How requests get their Concur token: the session types, shared pieces, and the two credentials' sessions.
export type { Authentication, AuthSession } from './session';
export { CREDENTIAL_TYPES, isExpiredTokenResponse, tokenFailureOf } from './session';
export { CompanyAuthSession } from './companySession';
export { UserAuthSession } from './userSession';

export function createAuthSession(fn: ConcurFunctions, authentication: Authentication): AuthSession {
	return authentication === 'userOAuth2' ? new UserAuthSession(fn) : new CompanyAuthSession(fn);
}
