import { NodeOperationError, type IDataObject, type IHttpRequestOptions } from 'n8n-workflow';

import {
	itemIndexOf,
	type EngineRequestOptions,
	type WebexClient,
	type WebexRequestContext,
} from './client';
import { assertWithinDeadline, cancelled, pause } from './deadline';
import type { WebexFailure } from './errors';
import { failedResponseOf, readFailure } from './failure';
import { redirectTarget } from './origin';
import { ERROR_BODY_BYTES, lowerCaseHeaders, parseJson, readAtMost } from './responseData';
import { renewalFailureIn } from '../serviceApp';
import { containsSecret, secretsOf } from './secrets';
import { send } from './send';
import { sleepOrAbort } from './sleep';

/**
 * How often, and after how long, a request tries again after its token's renewal was refused:
 * enough for other runs' renewals with the same refresh token to be stored.
 */
const RENEWAL_RETRIES = 3;
const RENEWAL_RETRY_MS = 1000;

/** A request that changes something (a webhook): its method and JSON body. GET otherwise. */
export interface WebexWrite {
	method: 'POST' | 'PUT' | 'DELETE' | 'HEAD';
	body?: IDataObject;
}

/**
 * Takes a successful answer's body as it streams in (a file), instead of the body being read as
 * text: runs within the request's deadline, and its result is the response's `consumed`.
 */
export type ConsumeBody = (body: unknown, headers: IDataObject) => Promise<unknown>;

export interface WebexResponse {
	body: unknown;
	/** The body as it came (a file's text). */
	text: string;
	/** Header names in lower case. */
	headers: IDataObject;
	/** The URL that answered (after same-origin redirects): relative links resolve against it. */
	url: string;
	/** What `consume` made of the body (then `text` is empty). */
	consumed?: unknown;
}

/**
 * One exchange with Webex through n8n's authenticated request helper, with the engine's Request
 * Options. Redirects are never left to the helper (it would re-send the token to any origin): a
 * redirect within the base URL's origin is followed here, a few times at most; one anywhere else
 * fails, naming where it pointed.
 */
export async function exchange(
	client: WebexClient,
	firstUrl: string,
	write?: WebexWrite,
	consume?: ConsumeBody,
): Promise<WebexResponse | { failure: WebexFailure }> {
	const { ctx } = client;
	let url = firstUrl;
	let renewalRetries = 0;
	for (let redirects = 0; ; redirects++) {
		assertWithinDeadline(client);
		// A request that waited for its turn while the execution was cancelled is never sent.
		if (ctx.getExecutionCancelSignal?.()?.aborted) throw cancelled(ctx);
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
			method: write?.method ?? 'GET',
			url,
			...(write?.body
				? { body: write.body, headers: { ...client.headers, 'Content-Type': 'application/json' } }
				: { headers: client.headers }),
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
				const headers = lowerCaseHeaders(response.headers);
				if (consume) return { text: '', headers, consumed: await consume(response.body, headers) };
				const text = await readAtMost(response.body, client.policy.maxBodyBytes);
				return { text, headers };
			} catch (error) {
				// Still within the deadline: an error body that trickles in is cut too.
				await bufferErrorBody(error);
				return { error };
			}
		});
		if (outcome.text === undefined && ctx.getExecutionCancelSignal?.()?.aborted)
			throw cancelled(ctx);
		const renewal = renewalFailureIn(outcome.error);
		if (renewal?.refreshTokenRefused && renewalRetries < RENEWAL_RETRIES) {
			// Another request or worker may have renewed with the same refresh token a moment ago,
			// and Webex rotated it: n8n reads the credential it stored on the next try.
			renewalRetries++;
			redirects--;
			await pause(client, RENEWAL_RETRY_MS);
			continue;
		}
		if (renewal) {
			throw new NodeOperationError(ctx.getNode(), renewal.message, {
				description: renewal.fix,
				itemIndex: itemIndexOf(ctx),
			});
		}
		const secrets = await secretsOf(client);
		if (outcome.text !== undefined) {
			if ('consumed' in outcome)
				return {
					body: undefined,
					text: '',
					headers: outcome.headers,
					url,
					consumed: outcome.consumed,
				};
			assertNoSecretIn(client, outcome.text, secrets);
			return { body: parseJson(outcome.text), text: outcome.text, headers: outcome.headers, url };
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

/** Replaces a failed answer's streamed body by its text (at most 1 MB), so the error can be read. */
async function bufferErrorBody(error: unknown) {
	const response = failedResponseOf(error);
	if (!response || typeof response.data !== 'object' || response.data === null) return;
	try {
		response.data = await readAtMost(response.data, ERROR_BODY_BYTES);
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

function withoutUnset(options: EngineRequestOptions): Partial<IHttpRequestOptions> {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(options))
		if (value !== undefined && value !== null && value !== '') result[key] = value;
	return result as Partial<IHttpRequestOptions>;
}
