/**
 * What every request of one listing shares about rate limits, however many chains run at once:
 * one pause (a 429 on one chain holds the others too), one budget of waiting counted once, and
 * how many requests may be in flight. Webex's limits are only learnt from 429s, so the number in
 * flight adapts: a 429 halves it (the chains then resume one by one, not all at once) and answers
 * without one raise it again, slowly past that half, never above the node's Parallel Requests.
 */
export interface RateLimitGate {
	/** Waiting charged to the listing's Max Rate Limit Wait so far. */
	waitedMs: number;
	/** 429s met. */
	count: number;
	lastTrackingId?: string;
	/** No request of the listing starts before this (epoch ms). */
	pausedUntilMs: number;
	/** The node's Parallel Requests: never more in flight. */
	maxInFlight: number;
	/** How many may be in flight now, 1 to maxInFlight. */
	inFlightLimit: number;
	/** Half of what was in flight at the last 429: up to it each answer adds one, then slower. */
	resumeCeiling: number;
	inFlight: number;
	/** Answers without a 429 since inFlightLimit last rose (above resumeCeiling). */
	answersSinceRaise: number;
	/** Counts the 429s that lowered inFlightLimit: a request started before one does not lower it again. */
	generation: number;
	waiters: Array<() => void>;
}

/**
 * Answers without a 429, per request in flight, before one more may be in flight (past
 * resumeCeiling). Slow on purpose: against a limit in requests per second, more in flight only
 * brings more 429s at each refill, so the number in flight stays low while 429s keep coming.
 */
const ANSWERS_PER_RAISE_PER_SLOT = 25;

/** Slot waits one request may go through before the gate gives up on it (a bug, never Webex). */
const MAX_WAITS_FOR_A_SLOT = 100_000;

export const createRateLimitGate = (maxInFlight = 1): RateLimitGate => ({
	waitedMs: 0,
	count: 0,
	pausedUntilMs: 0,
	maxInFlight,
	inFlightLimit: maxInFlight,
	resumeCeiling: maxInFlight,
	inFlight: 0,
	answersSinceRaise: 0,
	generation: 0,
	waiters: [],
});

/** How long a request must still wait for the listing's pause. */
export const pauseLeftMs = (gate: RateLimitGate, nowMs = Date.now()) =>
	Math.max(0, gate.pausedUntilMs - nowMs);

/** Takes a place at once when there is one and no pause (most requests): the generation, or undefined. */
export function freeSlot(gate: RateLimitGate): number | undefined {
	if (pauseLeftMs(gate) > 0 || gate.inFlight >= gate.inFlightLimit) return undefined;
	gate.inFlight++;
	return gate.generation;
}

/**
 * Waits until the pause is over and a request may be in flight, then takes that place; gives the
 * generation to hand back to `rateLimited`. `wait` sleeps through a pause (and enforces the
 * deadline and cancellation).
 */
export async function takeSlot(
	gate: RateLimitGate,
	wait: (ms: number) => Promise<void>,
): Promise<number> {
	for (let waits = 0; waits < MAX_WAITS_FOR_A_SLOT; waits++) {
		const pausedMs = pauseLeftMs(gate);
		const generation = freeSlot(gate);
		if (generation !== undefined) return generation;
		if (pausedMs > 0) await wait(pausedMs);
		else await new Promise<void>((resolve) => gate.waiters.push(resolve));
	}
	throw new Error('A request waited too often for its turn');
}

/** Gives the place back, and lets the next waiting request try. */
export function releaseSlot(gate: RateLimitGate) {
	gate.inFlight--;
	wakeWaiters(gate);
}

/**
 * An answer without a 429 to a request started in `generation`: one more in flight up to
 * resumeCeiling, slowly past it. Answers to requests started before the last 429 do not count.
 */
export function answered(gate: RateLimitGate, generation: number) {
	if (generation !== gate.generation || gate.inFlightLimit >= gate.maxInFlight) return;
	if (gate.inFlightLimit < gate.resumeCeiling) gate.inFlightLimit++;
	else if (++gate.answersSinceRaise >= gate.inFlightLimit * ANSWERS_PER_RAISE_PER_SLOT) {
		gate.inFlightLimit++;
		gate.answersSinceRaise = 0;
	}
	wakeWaiters(gate);
}

/**
 * A 429 on a request started in `generation`: half as many in flight from then on, resumed one by
 * one. 429s of requests that were already in flight then do not lower it again.
 */
export function rateLimited(gate: RateLimitGate, generation: number) {
	if (generation !== gate.generation) return;
	gate.generation++;
	gate.resumeCeiling = Math.max(1, Math.floor(gate.inFlightLimit / 2));
	gate.inFlightLimit = 1;
	gate.answersSinceRaise = 0;
}

function wakeWaiters(gate: RateLimitGate) {
	const free = gate.inFlightLimit - gate.inFlight;
	for (const wake of gate.waiters.splice(0, Math.max(0, free))) wake();
}

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
