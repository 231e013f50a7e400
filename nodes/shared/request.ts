import * as n8nWorkflow from 'n8n-workflow';
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';

import {
	containsSecret,
	failedResponseOf,
	readFailure,
	scrubSecrets,
	webexApiError,
	type ErrorHints,
	type WebexFailure,
} from './errors';
import { credentialTypeFor } from './descriptions';
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
	rateLimits: { waitedMs: number; count: number; lastTrackingId?: string; pausedUntilMs?: number };
	/** A poll's budget (epoch ms): no request outlasts it and no retry waits past it. */
	deadlineMs?: number;
}

/** Thrown when a request would outlast the client's deadline (a poll's budget). */
class PollBudgetSpent extends NodeOperationError {}

export const isPollBudgetSpent = (error: unknown): error is PollBudgetSpent =>
	error instanceof PollBudgetSpent;

export interface WebexResponse {
	body: unknown;
	/** Header names in lower case. */
	headers: IDataObject;
	/** The URL that answered (after same-origin redirects): relative links resolve against it. */
	url: string;
}

/**
 * Waits `ms`, or rejects as soon as `signal` fires. n8n 2.x's `sleep(ms, signal)` does that; n8n
 * 1.x's `sleep(ms)` ignores a signal (the wait and its timer would run on after a cancel) and has
 * `sleepWithAbort(ms, signal)` for it instead, which 2.x no longer has.
 */
const sleepOrAbort: (ms: number, signal?: AbortSignal) => Promise<void> =
	(n8nWorkflow as { sleepWithAbort?: typeof sleep }).sleepWithAbort ?? sleep;

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
		// Another listing of this run was rate limited: wait with it (its wait is already counted).
		const pausedMs = (rateLimits.pausedUntilMs ?? 0) - Date.now();
		if (pausedMs > 0) {
			assertWithinDeadline(client, pausedMs);
			await pause(ctx, pausedMs);
		}
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
			assertWithinDeadline(client, waitMs);
			rateLimits.count++;
			rateLimits.lastTrackingId = failure.trackingId ?? rateLimits.lastTrackingId;
			// Listings running at once wait together: only what this wait adds to the pause counts.
			const nowMs = Date.now();
			const pausedUntilMs = Math.max(rateLimits.pausedUntilMs ?? 0, nowMs);
			const addedMs = Math.max(0, nowMs + waitMs - pausedUntilMs);
			if (rateLimits.waitedMs + addedMs > policy.maxRateLimitWaitMs) {
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
			rateLimits.waitedMs += addedMs;
			rateLimits.pausedUntilMs = Math.max(pausedUntilMs, nowMs + waitMs);
			await pause(ctx, waitMs);
			continue;
		}
		if (kind === undefined || faultRetries >= policy.maxRetries) {
			throw fail(client, failure, kind === undefined ? undefined : gaveUp);
		}
		faultRetries++;
		url = onFault?.(failure, url) ?? url;
		const waitMs = faultWait(failure, faultRetries, policy);
		assertWithinDeadline(client, waitMs);
		await pause(ctx, waitMs);
	}
}

function assertWithinDeadline(client: WebexClient, waitMs = 0) {
	if (client.deadlineMs !== undefined && Date.now() + waitMs >= client.deadlineMs) {
		throw new PollBudgetSpent(client.ctx.getNode(), 'The poll ran out of time', {
			description: 'The rest is read by the next poll.',
		});
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
		assertWithinDeadline(client);
		const timeout = client.engineOptions.timeout || client.policy.defaultTimeoutMs;
		const options: IHttpRequestOptions = {
			...withoutUnset(client.engineOptions),
			timeout:
				client.deadlineMs === undefined
					? timeout
					: Math.max(1, Math.min(timeout, client.deadlineMs - Date.now())),
			skipSslCertificateValidation:
				client.engineOptions.skipSslCertificateValidation === true ||
				client.engineOptions.skipSslCertificateValidation === 'true',
			method: 'GET',
			url,
			headers: client.headers,
			// Read here, up to a size: n8n's own reading has no limit, and a body that never ends
			// would fill the memory before any timeout.
			encoding: 'stream',
			returnFullResponse: true,
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		};
		const deadline = new AbortController();
		const outcome = await withDeadline(ctx, options.timeout ?? timeout, deadline, async (timed) => {
			try {
				const response = await send(client, timed, options);
				const text = await readText(response.body, client.policy.maxBodyBytes);
				return { text, headers: lowerCaseHeaders(response.headers) };
			} catch (error) {
				// Still within the deadline: an error body that trickles in is cut too.
				await bufferErrorBody(error);
				return { error };
			}
		});
		if (outcome.text === undefined && ctx.getExecutionCancelSignal?.()?.aborted)
			throw cancelled(ctx);
		const secrets = await secretsOf(client);
		if (outcome.text !== undefined) {
			assertNoSecretIn(client, outcome.text, secrets);
			return { body: parseJson(outcome.text), headers: outcome.headers, url };
		}
		const failure: WebexFailure = deadline.signal.aborted
			? { message: 'no answer in time', code: 'ETIMEDOUT', timedOut: true }
			: readFailure(outcome.error, secrets);
		if (failure.status === undefined || failure.status < 300 || failure.status > 399)
			return { failure };
		url = redirectTarget(client, failure, url, secrets);
		if (redirects >= client.policy.maxRedirects) {
			throw new NodeOperationError(ctx.getNode(), 'Webex redirected too many times', {
				description: `Stopped after ${client.policy.maxRedirects} redirects within ${client.baseUrl.origin}. Check the credential's Base URL.`,
				itemIndex: itemIndexOf(ctx),
			});
		}
	}
}

/**
 * Whether n8n's errors keep the error they wrap as `cause`, where the package finds a failed
 * request's answer. n8n 1.x's do not (its ExecutionBaseError declares `cause` as a class field,
 * which overwrites it), so Webex's message and trackingId, Retry-After and a redirect's Location
 * would be lost with it.
 */
let errorsKeepCause: boolean | undefined;
function n8nErrorsKeepCause(node: INode): boolean {
	if (errorsKeepCause === undefined) {
		const probe = new Error('probe');
		errorsKeepCause = new NodeOperationError(node, probe).cause === probe;
	}
	return errorsKeepCause;
}

/**
 * n8n's authenticated request helper; an answer of 300 or more fails with the answer in the error,
 * on every n8n. Where n8n's errors drop it (1.x), the helper is asked for failed answers too
 * (ignoreHttpStatusErrors) and they are failed here, the answer kept.
 */
async function send(
	client: WebexClient,
	ctx: WebexRequestContext,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const call = async (ignoreHttpStatusErrors: boolean) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(
			ctx as IExecuteSingleFunctions,
			client.credentialType,
			{ ...options, ignoreHttpStatusErrors },
		)) as IN8nHttpFullResponse;
	if (n8nErrorsKeepCause(ctx.getNode())) return await call(false);
	let response = await call(true);
	// n8n refreshes an expired OAuth2 token only when a 401 fails the request: ask again that way.
	if (response.statusCode === 401 && client.credentialType === credentialTypeFor('oAuth2')) {
		(response.body as { destroy?: () => void } | undefined)?.destroy?.();
		response = await call(false);
	}
	if (response.statusCode < 300) return response;
	throw Object.assign(new Error(`HTTP ${response.statusCode}`), {
		response: { status: response.statusCode, headers: response.headers, data: response.body },
	});
}

class BodyTooLarge extends Error {
	code = 'ERR_BODY_TOO_LARGE';
}

/** A streamed body as text, refusing to read past maxBytes. */
async function readText(body: unknown, maxBytes: number): Promise<string> {
	if (typeof body === 'string') return body;
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (!body || typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function')
		return '';
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body as AsyncIterable<Buffer | string>) {
		const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
		size += buffer.length;
		if (size > maxBytes) {
			(body as { destroy?: () => void }).destroy?.();
			throw new BodyTooLarge(`The answer is larger than ${Math.round(maxBytes / 1048576)} MB`);
		}
		chunks.push(buffer);
	}
	return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** Replaces a failed answer's streamed body by its text (at most 1 MB), so the error can be read. */
async function bufferErrorBody(error: unknown) {
	const response = failedResponseOf(error);
	if (!response || typeof response.data !== 'object' || response.data === null) return;
	try {
		response.data = await readText(response.data, 1024 * 1024);
	} catch {
		response.data = undefined;
	}
}

/**
 * Runs one call of n8n's request helper with an overall deadline. n8n's timeout only fires while
 * the connection is idle, so an answer that trickles in would otherwise never end; the helper takes
 * its abort signal from the context, so the call gets a context whose signal also fires at the
 * deadline (and still on cancellation).
 */
async function withDeadline<T>(
	ctx: WebexRequestContext,
	timeoutMs: number,
	deadline: AbortController,
	call: (timed: WebexRequestContext) => Promise<T>,
): Promise<T> {
	const settled = new AbortController();
	const cancel = ctx.getExecutionCancelSignal?.();
	const signal = cancel ? AbortSignal.any([cancel, deadline.signal]) : deadline.signal;
	const timed = Object.create(ctx, {
		getExecutionCancelSignal: { value: () => signal },
	}) as WebexRequestContext;
	sleepOrAbort(timeoutMs, settled.signal).then(
		() => deadline.abort(),
		() => undefined,
	);
	try {
		return await call(timed);
	} finally {
		settled.abort();
	}
}

/**
 * Refuses an answer that carries the credential's token: a proxy or server that echoes it would
 * otherwise put it into the workflow's data. Checked on the text as it came, before parsing.
 */
function assertNoSecretIn(client: WebexClient, text: string, secrets: string[]) {
	if (!containsSecret(text, secrets)) return;
	throw new NodeOperationError(
		client.ctx.getNode(),
		'Webex sent the access token back inside the records',
		{
			description: `The answer from ${client.baseUrl.origin} was not output, so the token does not reach the workflow's data. Check that the credential's Base URL points at the Webex API and not at a proxy that echoes requests.`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/**
 * Where a redirect points, if that is the base URL's origin (and carries no user:password of the
 * server's choosing); an error otherwise.
 */
function redirectTarget(
	client: WebexClient,
	failure: WebexFailure,
	from: string,
	secrets: string[],
): string {
	const target = sameOriginUrl(client, failure.location, from);
	if (target) return target;
	throw new NodeOperationError(
		client.ctx.getNode(),
		`Webex answered with a redirect (${failure.status}) to ${describeOrigin(failure.location, from, secrets)}, which is not the credential's Base URL: not followed`,
		{
			description: `Requests and the access token only go to ${client.baseUrl.origin}; the token was not sent to the redirect target. Check the credential's Base URL (use the address the redirect points to if you trust it, with https).`,
			itemIndex: itemIndexOf(client.ctx),
		},
	);
}

/**
 * `link` resolved against `from`, when it is on the base URL's origin with no user:password in it;
 * undefined otherwise.
 */
export function sameOriginUrl(
	client: WebexClient,
	link: unknown,
	from: string,
): string | undefined {
	if (typeof link !== 'string' || link === '') return undefined;
	let target: URL;
	try {
		target = new URL(link, from);
	} catch {
		return undefined;
	}
	if (target.origin !== client.baseUrl.origin || target.username || target.password)
		return undefined;
	return target.toString();
}

/**
 * Where a refused link points, for a message: its origin, scrubbed of the credential's secrets
 * (the server chooses the host name, and could put the token in it).
 */
export function describeOrigin(link: unknown, from: string, secrets: string[]): string {
	let target: URL;
	try {
		target = new URL(String(link ?? ''), from);
	} catch {
		return 'no valid address';
	}
	if (!link || !/^https?:$/.test(target.protocol)) return 'no valid address';
	const userinfo = target.username || target.password ? ' (with a user:password in it)' : '';
	return `${scrubSecrets(target.origin, secrets)}${userinfo}`;
}

/** The credential's secrets, to scrub from anything the server echoes into an error. */
export async function secretsOf(client: WebexClient): Promise<string[]> {
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
		await sleepOrAbort(ms, ctx.getExecutionCancelSignal?.());
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
