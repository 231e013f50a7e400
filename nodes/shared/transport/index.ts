/**
 * The request layer, as the rest of the package uses it: a client per listing (credential, base
 * URL, retry policy, rate-limit gate), one request with retries, and the pages of a listing. Code
 * outside transport/ imports from here only.
 */
export {
	buildUrl,
	createWebexClient,
	itemIndexOf,
	type WebexClient,
	type WebexRequestContext,
} from './client';
export { isDeadlinePassed, pause } from './deadline';
export { describeOrigin, sameOriginUrl } from './origin';
export { secretsOf } from './secrets';
export { REGION_NAMES } from './callHistory';
export type { WebexFailure } from './errors';
export type { ConsumeBody, WebexResponse, WebexWrite } from './exchange';
export type { ErrorHints } from './errors';
export { readingAhead, webexPages, withoutQuery, type PageQuery } from './pages';
export { requestOrGiveBack, requestUnlessGone, requestWithRetry } from './retry';
export {
	DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
	DEFAULT_MAX_RETRIES,
	DEFAULT_RETRY_POLICY,
	describeWait,
	FAULT_STATUSES,
	type RetryPolicy,
} from './retryPolicy';
