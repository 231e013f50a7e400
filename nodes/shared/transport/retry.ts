import { followRegion, paceCallHistory } from './callHistory';
import { itemIndexOf, type WebexClient } from './client';
import { assertWithinDeadline, pause } from './deadline';
import { webexApiError, type WebexFailure } from './errors';
import { exchange, type ConsumeBody, type WebexResponse, type WebexWrite } from './exchange';
import {
	addedWaitMs,
	answered,
	freeSlot,
	pauseFor,
	rateLimited,
	releaseSlot,
	takeSlot,
} from './rateLimitGate';
import { describeWait, faultWait, rateLimitWait, retryKind } from './retryPolicy';

/**
 * One GET (or the `write` asked), retried as the client's policy says: 429 waits Retry-After (at least a second, within
 * the listing's rate-limit budget, pausing every request of the listing, and fewer of them in
 * flight afterwards: see rateLimitGate.ts); 423, 5xx, timeouts and dropped connections back off
 * up to maxRetries times. `onFault` may give another URL for the next
 * attempt (a 504 asks for a smaller page). No wait passes the client's deadline.
 */
export async function requestWithRetry(
	client: WebexClient,
	url: string,
	onFault?: (failure: WebexFailure, url: string) => string,
	write?: WebexWrite,
): Promise<WebexResponse> {
	return (await attempt(client, url, { onFault, write })) as WebexResponse;
}

/** What one request may ask of the retry loop besides the URL. */
export interface RequestSettings {
	onFault?: (failure: WebexFailure, url: string) => string;
	write?: WebexWrite;
	/** Takes the body of a successful answer as it streams in (a file). */
	consume?: ConsumeBody;
	/**
	 * Statuses given back as `{failure}` at once, neither retried nor thrown, for the caller to act
	 * on (a file's scan states: 423, 428, 410).
	 */
	giveBack?: ReadonlySet<number>;
}

/**
 * requestWithRetry with a streamed body and statuses the caller handles itself: the answer, or
 * `{failure}` for a status of `giveBack`.
 */
export async function requestOrGiveBack(
	client: WebexClient,
	url: string,
	settings: RequestSettings,
): Promise<WebexResponse | { failure: WebexFailure }> {
	return await attempt(client, url, settings);
}

async function attempt(
	client: WebexClient,
	url: string,
	{ onFault, write, consume, giveBack }: RequestSettings,
): Promise<WebexResponse | { failure: WebexFailure }> {
	const { policy, rateLimits } = client;
	let faultRetries = 0;
	// Another request of this listing was rate limited: wait with it (its wait is counted).
	const waitForPause = async (pausedMs: number) => {
		assertWithinDeadline(client, pausedMs);
		await pause(client, pausedMs);
	};
	for (let attempt = 1; ; attempt++) {
		const generation = freeSlot(rateLimits) ?? (await takeSlot(rateLimits, waitForPause));
		let outcome: Awaited<ReturnType<typeof exchange>>;
		try {
			const paced = client.callHistory ? await paceCallHistory(client, url) : undefined;
			try {
				outcome = await exchange(client, url, write, consume);
			} finally {
				paced?.();
			}
		} finally {
			releaseSlot(rateLimits);
		}
		if (!('failure' in outcome)) {
			answered(rateLimits, generation);
			return outcome;
		}
		const { failure } = outcome;
		if (failure.status !== undefined && giveBack?.has(failure.status)) {
			answered(rateLimits, generation);
			return outcome;
		}
		if (failure.status === 451 && client.callHistory) {
			url = await followRegion(client, client.callHistory, failure, url);
			continue;
		}
		const kind = retryKind(failure);
		const gaveUp = `Gave up after ${attempt} attempt${attempt === 1 ? '' : 's'}.`;
		if (kind !== undefined && attempt >= policy.maxAttemptsPerRequest) {
			throw fail(client, failure, `${gaveUp} (the most for one request).`);
		}
		if (kind === 'rateLimit') {
			const { waitMs, askedMs } = rateLimitWait(failure.retryAfter, policy);
			assertWithinDeadline(client, waitMs);
			rateLimits.count++;
			rateLimited(rateLimits, generation);
			if (rateLimits.waitedMs + addedWaitMs(rateLimits, waitMs) > policy.maxRateLimitWaitMs)
				throw overBudget(client, failure, waitMs, askedMs);
			// The listing's pause is kept in real time: as long as the wait (shorter in tests, see waitScale).
			pauseFor(rateLimits, waitMs * policy.waitScale, failure.trackingId);
			await pause(client, waitMs);
			continue;
		}
		if (kind === undefined || faultRetries >= policy.maxRetries) {
			throw fail(client, failure, kind === undefined ? undefined : gaveUp);
		}
		faultRetries++;
		url = onFault?.(failure, url) ?? url;
		const waitMs = faultWait(failure, faultRetries, policy);
		assertWithinDeadline(client, waitMs);
		await pause(client, waitMs);
	}
}

function overBudget(
	client: WebexClient,
	failure: WebexFailure,
	waitMs: number,
	askedMs: number | undefined,
) {
	const { policy, rateLimits } = client;
	const asked =
		askedMs === undefined
			? `Webex asked to wait ${describeWait(waitMs)} (no usable Retry-After header, so a default wait)`
			: askedMs < waitMs
				? `Webex asked to wait ${describeWait(askedMs)}, and the node waits at least ${describeWait(waitMs)}`
				: `Webex asked to wait ${describeWait(waitMs)}`;
	return fail(
		client,
		{ ...failure, trackingId: failure.trackingId ?? rateLimits.lastTrackingId },
		`${asked}, which would exceed the node's Max Rate Limit Wait of ${describeWait(policy.maxRateLimitWaitMs)} (already waited ${describeWait(rateLimits.waitedMs)} over ${rateLimits.count} rate-limited request${rateLimits.count === 1 ? '' : 's'}). Raise that option or run the workflow less often.`,
	);
}

function fail(client: WebexClient, failure: WebexFailure, extra?: string) {
	return webexApiError(client.ctx.getNode(), failure, client.hints, {
		itemIndex: itemIndexOf(client.ctx),
		extra,
	});
}

/** Statuses that say the record is not there (any more). */
const GONE_STATUSES = new Set(['404', '410']);

/** requestWithRetry, but undefined when Webex answers that the record is gone (404, 410). */
export async function requestUnlessGone(
	client: WebexClient,
	url: string,
	write?: WebexWrite,
): Promise<WebexResponse | undefined> {
	return await requestWithRetry(client, url, undefined, write).then(
		undefined,
		async (error: { httpCode?: unknown }) =>
			GONE_STATUSES.has(String(error?.httpCode)) ? undefined : await Promise.reject(error),
	);
}
