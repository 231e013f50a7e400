import { createHash } from 'crypto';

/**
 * Deliveries this process accepted lately, so that one replayed (a captured, validly signed body
 * sent again: Webex's signature has no timestamp or nonce) starts nothing. Held in memory, like the
 * secrets: one n8n main process, not across processes or restarts. Bounded: a delivery is known
 * for REPLAY_WINDOW_MS, and at most MAX_DELIVERIES are (the oldest dropped first), about 100 bytes
 * each.
 */

/** An hour: far longer than any honest redelivery or a proxy's retry, short enough to hold little. */
export const REPLAY_WINDOW_MS = 60 * 60 * 1000;
/** 10,000 deliveries (about 1 MB): an hour of a busy organisation's recordings and meetings. */
export const MAX_DELIVERIES = 10_000;

/** Per delivery (webhook and body digest), when it was accepted; in that order. */
const accepted = new Map<string, number>();

/** What a delivery is known by: its webhook ID and the SHA-256 of the exact bytes signed. */
export const deliveryKey = (webhookId: string, rawBody: Buffer): string =>
	createHash('sha256').update(webhookId).update('\n').update(rawBody).digest('base64');

/** When the delivery was accepted within the window, or undefined. */
export function acceptedAt(key: string, nowMs = Date.now()): number | undefined {
	// Oldest first: drop what has left the window.
	for (const [oldest, atMs] of accepted) {
		if (nowMs - atMs < REPLAY_WINDOW_MS) break;
		accepted.delete(oldest);
	}
	return accepted.get(key);
}

/** Notes a delivery as accepted (before the work it starts, so a replay sent meanwhile is caught). */
export function noteAccepted(key: string, nowMs = Date.now()): void {
	accepted.set(key, nowMs);
	if (accepted.size > MAX_DELIVERIES) accepted.delete(accepted.keys().next().value as string);
}
