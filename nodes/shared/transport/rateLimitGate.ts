/**
 * What every request of one listing shares about rate limits, however many chains run at once:
 * one pause (a 429 on one chain holds the others too) and one budget of waiting, counted once.
 */
export interface RateLimitGate {
	/** Waiting charged to the listing's Max Rate Limit Wait so far. */
	waitedMs: number;
	/** 429s met. */
	count: number;
	lastTrackingId?: string;
	/** No request of the listing starts before this (epoch ms). */
	pausedUntilMs: number;
}

export const createRateLimitGate = (): RateLimitGate => ({
	waitedMs: 0,
	count: 0,
	pausedUntilMs: 0,
});

/** How long a request must still wait for the listing's pause. */
export const pauseLeftMs = (gate: RateLimitGate, nowMs = Date.now()) =>
	Math.max(0, gate.pausedUntilMs - nowMs);

/**
 * The share of a new wait of `waitMs` that the budget is charged: only what it adds to the pause
 * already running (listings waiting together pay once).
 */
export function addedWaitMs(gate: RateLimitGate, waitMs: number, nowMs = Date.now()): number {
	return Math.max(0, nowMs + waitMs - Math.max(gate.pausedUntilMs, nowMs));
}

/** Records a 429 whose wait was accepted: the budget charged, the pause extended. */
export function pauseFor(
	gate: RateLimitGate,
	waitMs: number,
	trackingId: string | undefined,
	nowMs = Date.now(),
) {
	gate.waitedMs += addedWaitMs(gate, waitMs, nowMs);
	gate.pausedUntilMs = Math.max(gate.pausedUntilMs, nowMs + waitMs);
	gate.lastTrackingId = trackingId ?? gate.lastTrackingId;
}
