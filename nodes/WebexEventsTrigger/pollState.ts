import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger remembers between polls, in the workflow's static data (so several main
 * instances and queue mode see the same state): nothing lives in module memory.
 */
export interface PollState {
	/** Never emit events created at or before this (the activation point, "Start From"). */
	sinceMs: number;
	/** `created` of the newest event emitted so far (or sinceMs). */
	watermarkMs: number;
	/** Ids emitted recently, with their `created`: dropped once older than the lookback window. */
	recentIds: Record<string, number>;
}

/** A hard bound on remembered ids, whatever the event rate. */
export const MAX_REMEMBERED_IDS = 50_000;

export function isPollState(value: unknown): value is PollState {
	const state = value as PollState;
	return (
		typeof state?.sinceMs === 'number' &&
		typeof state.watermarkMs === 'number' &&
		typeof state.recentIds === 'object' &&
		state.recentIds !== null
	);
}

export function initialState(startMs: number): PollState {
	return { sinceMs: startMs, watermarkMs: startMs, recentIds: {} };
}

/** The `from` of the next poll: the lookback margin before the newest emitted event, never before sinceMs. */
export function pollFrom(state: PollState, lookbackMs: number): number {
	return Math.max(state.sinceMs, state.watermarkMs - lookbackMs);
}

const createdMs = (event: IDataObject) => Date.parse(String(event.created));

/** The events not emitted before, oldest first (ties by id, so the order is stable). */
export function newEvents(state: PollState, events: IDataObject[]): IDataObject[] {
	const seen = new Set(Object.keys(state.recentIds));
	const fresh: IDataObject[] = [];
	for (const event of events) {
		const id = String(event.id);
		if (seen.has(id) || !(createdMs(event) > state.sinceMs)) continue;
		seen.add(id);
		fresh.push(event);
	}
	return fresh.sort(
		(a, b) => createdMs(a) - createdMs(b) || String(a.id).localeCompare(String(b.id)),
	);
}

/**
 * The state after emitting `emitted`: watermark moved to the newest one, their ids remembered,
 * ids that the next poll's window can no longer return forgotten (with a second of slack), and at
 * most MAX_REMEMBERED_IDS kept (the newest).
 */
export function advance(state: PollState, emitted: IDataObject[], lookbackMs: number): PollState {
	let watermarkMs = state.watermarkMs;
	const remembered: Array<[string, number]> = Object.entries(state.recentIds);
	for (const event of emitted) {
		const created = createdMs(event);
		remembered.push([String(event.id), created]);
		if (created > watermarkMs) watermarkMs = created;
	}
	const next: PollState = { sinceMs: state.sinceMs, watermarkMs, recentIds: {} };
	const oldestUseful = pollFrom(next, lookbackMs) - 1000;
	const kept = remembered.filter(([, created]) => created >= oldestUseful);
	kept.sort((a, b) => b[1] - a[1]);
	for (const [id, created] of kept.slice(0, MAX_REMEMBERED_IDS)) next.recentIds[id] = created;
	return next;
}
