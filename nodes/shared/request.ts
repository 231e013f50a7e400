import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';

import { readFailure, webexApiError, type ErrorHints, type WebexFailure } from './errors';
import { describeWait, faultWait, rateLimitWait, retryKind, type RetryPolicy } from './retryPolicy';

/**
 * What the request layer needs from n8n: a declarative node's context, or a poll context (which
 * has no item index and no cancel signal).
 */
export interface WebexRequestContext {
	getNode(): INode;
	getCredentials(type: string): Promise<object>;
	helpers: Pick<IExecuteSingleFunctions['helpers'], 'httpRequestWithAuthentication'>;
	getItemIndex?(): number;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/**
 * What n8n's engine gives every request of a declarative node (RoutingNode fills these from the
 * node's Request Options and the credential): each page and each retry carries them.
 */
export type EngineRequestOptions = Pick<
	IHttpRequestOptions,
	'timeout' | 'proxy' | 'allowedDomains'
> & { skipSslCertificateValidation?: boolean | string };

/** Everything one listing's requests share. */
export interface WebexClient {
	ctx: WebexRequestContext;
	credentialType: string;
	/** The credential's base URL, checked: every request goes to its origin and no other. */
	baseUrl: URL;
	headers: IDataObject;
	engineOptions: EngineRequestOptions;
	hints: ErrorHints;
	policy: RetryPolicy;
	/** Rate-limit waits so far, shared by every request of the listing. */
	rateLimits: { waitedMs: number; count: number; lastTrackingId?: string };
}

export interface WebexResponse {
	body: unknown;
	/** Header names in lower case. */
	headers: IDataObject;
	/** The URL that answered (after same-origin redirects): relative links resolve against it. */
	url: string;
}

export const itemIndexOf = (ctx: Pick<WebexRequestContext, 'getItemIndex'>) =>
	ctx.getItemIndex?.() ?? 0;

const LOOPBACK_HOSTS = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Checks the base URL before any request: https, or plain http on a loopback address (the local
 * simulator). Anything else would send the token in clear text over a network.
 */
export function assertSafeBaseUrl(ctx: WebexRequestContext, baseUrl: unknown): URL {
	let parsed: URL | undefined;
	try {
		parsed = new URL(String(baseUrl ?? ''));
	} catch {
		parsed = undefined;
	}
	const fix =
		'Open the Webex credential and pick Commercial or FedRAMP, or enter a Custom Base URL such as https://webex-proxy.example.com/v1 (http is only accepted for 127.0.0.1 or localhost).';
	if (!parsed) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL "${String(baseUrl ?? '')}" is not a URL`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	if (
		parsed.protocol !== 'https:' &&
		!(parsed.protocol === 'http:' && LOOPBACK_HOSTS.test(parsed.hostname))
	) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL must use https (got ${parsed.origin})`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	return parsed;
}

/** Base URL + path + query, leaving out empty values. */
export function buildUrl(baseUrl: URL | string, path: string, qs: IDataObject): string {
	const base = String(baseUrl).replace(/\/+$/, '');
	const url = new URL(`${base}/${path.replace(/^\/+/, '')}`);
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		url.searchParams.set(key, String(value));
	}
	return url.toString();
}

/**
 * One GET, retried as the policy says: 429 waits Retry-After (at least a second, within the
 * listing's rate-limit budget); 423, 5xx, timeouts and dropped connections back off up to
 * maxRetries times. `onFault` may give another URL for the next attempt (a 504 asks for a smaller
 * page).
 */
export async function requestWithRetry(
	client: WebexClient,
	url: string,
	onFault?: (failure: WebexFailure, url: string) => string,
): Promise<WebexResponse> {
	const { ctx, policy, rateLimits } = client;
	let faultRetries = 0;
	for (let attempt = 1; ; attempt++) {
		const outcome = await requestOnce(client, url);
		if (!('failure' in outcome)) return outcome;
		const { failure } = outcome;
		const kind = retryKind(failure);
		const gaveUp = `Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}.`;
		if (kind !== undefined && attempt >= policy.maxAttemptsPerRequest) {
			throw fail(client, failure, `${gaveUp} (the most for one request).`);
		}
		if (kind === 'rateLimit') {
			const { waitMs, askedMs } = rateLimitWait(failure.retryAfter, policy);
			rateLimits.count++;
			rateLimits.lastTrackingId = failure.trackingId ?? rateLimits.lastTrackingId;
			if (rateLimits.waitedMs + waitMs > policy.maxRateLimitWaitMs) {
				const asked =
					askedMs === undefined
						? `Webex asked to wait ${describeWait(waitMs)} (no usable Retry-After header, so a default wait)`
						: askedMs < waitMs
							? `Webex asked to wait ${describeWait(askedMs)}, and the node waits at least ${describeWait(waitMs)}`
							: `Webex asked to wait ${describeWait(waitMs)}`;
				throw fail(
					client,
					{ ...failure, trackingId: failure.trackingId ?? rateLimits.lastTrackingId },
					`${asked}, which would exceed the node's Max Rate Limit Wait of ${describeWait(policy.maxRateLimitWaitMs)} (already waited ${describeWait(rateLimits.waitedMs)} over ${rateLimits.count} rate-limited request${rateLimits.count === 1 ? '' : 's'}). Raise that option or run the workflow less often.`,
				);
			}
			rateLimits.waitedMs += waitMs;
			await pause(ctx, waitMs);
			continue;
		}
		if (kind === undefined || faultRetries >= policy.maxRetries) {
			throw fail(client, failure, kind === undefined ? undefined : gaveUp);
		}
		faultRetries++;
		url = onFault?.(failure, url) ?? url;
		await pause(ctx, faultWait(failure, faultRetries, policy));
	}
}

function fail(client: WebexClient, failure: WebexFailure, extra?: string) {
	return webexApiError(client.ctx.getNode(), failure, client.hints, {
		itemIndex: itemIndexOf(client.ctx),
		extra,
	});
}

/**
 * One exchange with Webex through n8n's authenticated request helper, with the engine's Request
 * Options. Redirects are never left to the helper (it would re-send the token to any origin): a
 * redirect within the base URL's origin is followed here, a few times at most; one anywhere else
 * fails, naming where it pointed.
 */
async function requestOnce(
	client: WebexClient,
	firstUrl: string,
): Promise<WebexResponse | { failure: WebexFailure }> {
	const { ctx } = client;
	let url = firstUrl;
	for (let redirects = 0; ; redirects++) {
		const options: IHttpRequestOptions = {
			...withoutUnset(client.engineOptions),
			timeout: client.engineOptions.timeout || client.policy.defaultTimeoutMs,
			skipSslCertificateValidation:
				client.engineOptions.skipSslCertificateValidation === true ||
				client.engineOptions.skipSslCertificateValidation === 'true',
			method: 'GET',
			url,
			headers: client.headers,
			json: true,
			returnFullResponse: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		let failure: WebexFailure;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(
				ctx as IExecuteSingleFunctions,
				client.credentialType,
				options,
			)) as IN8nHttpFullResponse;
			return { body: response.body, headers: lowerCaseHeaders(response.headers), url };
		} catch (error) {
			if (ctx.getExecutionCancelSignal?.()?.aborted) throw cancelled(ctx);
			failure = readFailure(error, await secretsOf(client));
		}
		if (failure.status === undefined || failure.status < 300 || failure.status > 399)
			return { failure };
		url = redirectTarget(client, failure, url);
		if (redirects >= client.policy.maxRedirects) {
			throw new NodeOperationError(ctx.getNode(), 'Webex redirected too many times', {
				description: `Stopped after ${client.policy.maxRedirects} redirects within ${client.baseUrl.origin}. Check the credential's Base URL.`,
				itemIndex: itemIndexOf(ctx),
			});
		}
	}
}

/** Where a redirect points, if that is the base URL's origin; an error naming it otherwise. */
function redirectTarget(client: WebexClient, failure: WebexFailure, from: string): string {
	let target: URL | undefined;
	try {
		target = new URL(String(failure.location ?? ''), from);
	} catch {
		target = undefined;
	}
	if (target && failure.location && target.origin === client.baseUrl.origin)
		return target.toString();
	throw new NodeOperationError(
		client.ctx.getNode(),
		`Webex answered with a redirect (${failure.status}) to ${target && failure.location ? target.origin : 'no valid address'}, which is not the credential's Base URL: not followed`,
		{
			description: `Requests and the access token only go to ${client.baseUrl.origin}; the token was not sent to the redirect target. Check the credential's Base URL (use the address the redirect points to if you trust it, with https).`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/** The credential's secrets, to scrub from anything the server echoes into an error. */
async function secretsOf(client: WebexClient): Promise<string[]> {
	let data: IDataObject;
	try {
		data = (await client.ctx.getCredentials(client.credentialType)) as IDataObject;
	} catch {
		return [];
	}
	const tokenData = (data.oauthTokenData ?? {}) as IDataObject;
	return [
		data.accessToken,
		data.clientSecret,
		tokenData.access_token,
		tokenData.refresh_token,
	].filter((value): value is string => typeof value === 'string');
}

/** Waits, but stops at once when the execution is cancelled. */
async function pause(ctx: WebexRequestContext, ms: number) {
	try {
		await sleep(ms, ctx.getExecutionCancelSignal?.());
	} catch {
		throw cancelled(ctx);
	}
}

function cancelled(ctx: WebexRequestContext) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
		itemIndex: itemIndexOf(ctx),
	});
}

function withoutUnset(options: EngineRequestOptions): Partial<IHttpRequestOptions> {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(options))
		if (value !== undefined && value !== null && value !== '') result[key] = value;
	return result as Partial<IHttpRequestOptions>;
}

function lowerCaseHeaders(headers: unknown): IDataObject {
	const result: IDataObject = {};
	if (headers && typeof headers === 'object') {
		for (const [key, value] of Object.entries(headers))
			result[key.toLowerCase()] = value as IDataObject[string];
	}
	return result;
}
