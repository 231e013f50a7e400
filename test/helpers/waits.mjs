// Shortens the retry policy's waits (rate-limit waits, the shared 429 pause, fault backoff) in
// tests that only sleep through them, through the retry policy's waitScale option on the default
// policy of the transport n8n's engine loads from dist/ (every node run starts from it). Budgets,
// Retry-After and the deadline stay in nominal milliseconds; Request Options Timeout and stalls
// are not touched. Never use it where a test measures a wait or the spacing of requests: those
// need real waits.
import { afterEach, beforeEach } from 'node:test';

import { shipped } from './index.mjs';

export const { DEFAULT_RETRY_POLICY: defaultPolicy } = shipped(
	'nodes/shared/transport/retryPolicy.js',
);

/** n8n's own scale: every wait as long as the policy says. */
export const REAL_WAITS = 1;

/**
 * Every wait of the retry policy `factor` times as long, then real waits again. In a describe:
 * `shortenWaits()` for each of its tests. In one test: `shortenWaits(t)` with its test context.
 */
export function shortenWaits(t, factor = 0.01) {
	if (typeof t === 'number' || t === undefined) {
		beforeEach(() => void (defaultPolicy.waitScale = t ?? factor));
		afterEach(() => void (defaultPolicy.waitScale = REAL_WAITS));
		return;
	}
	defaultPolicy.waitScale = factor;
	t.after(() => void (defaultPolicy.waitScale = REAL_WAITS));
}
