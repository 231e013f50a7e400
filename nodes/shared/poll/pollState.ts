import type { IDataObject } from 'n8n-workflow';

/**
 * What the trigger remembers between polls, in the workflow's static data (so several main
 * instances and queue mode see the same state): nothing lives in module memory. Plain JSON.
 */
export interface PollState {
	version: 2;
	/** Never emit events created at or before this (the activation point, "Start From"). */
	sinceMs: number;
	/** Every event created before this has been emitted: the next poll goes on from here. */
	positionMs: number;
	/**
	 * Keys of the events emitted at or after this are remembered, and no poll asks for events
	 * before it, so a forgotten key can never be met again (whatever Lookback becomes).
	 */
	horizonMs: number;
	/** [key, created ms] of the emitted events created at or after horizonMs (a list: no key is special). */
	emitted: Array<[string, number]>;
	/** The catch-up window that last held a manageable number of events. */
	windowMs?: number;
}

/** A hard bound on remembered keys, whatever the event rate. */
export const MAX_REMEMBERED_KEYS = 50_000;

interface LegacyPollState {
	sinceMs: number;
	watermarkMs: number;
	recentIds: Record<string, number>;
}

/** The state in static data, read from this version or the first one; undefined when none. */
export function readPollState(value: unknown): PollState | undefined {
	const state = value as Partial<PollState> & Partial<LegacyPollState>;
	if (
		state?.version === 2 &&
		typeof state.sinceMs === 'number' &&
		typeof state.positionMs === 'number' &&
		typeof state.horizonMs === 'number' &&
		Array.isArray(state.emitted)
	) {
		return state as PollState;
	}
	if (
		typeof state?.sinceMs === 'number' &&
		typeof state.watermarkMs === 'number' &&
		state.recentIds !== null &&
		typeof state.recentIds === 'object'
	) {
		const emitted = Object.entries(state.recentIds).filter(
			(entry): entry is [string, number] => typeof entry[1] === 'number',
		);
		const oldest = Math.min(state.watermarkMs, ...emitted.map(([, created]) => created));
		return {
			version: 2,
			sinceMs: state.sinceMs,
			positionMs: state.watermarkMs,
			horizonMs: Math.max(state.sinceMs, oldest),
			emitted,
		};
	}
	return undefined;
}

export function initialState(startMs: number): PollState {
	return { version: 2, sinceMs: startMs, positionMs: startMs, horizonMs: startMs, emitted: [] };
}

/** The first millisecond the next poll asks for: Lookback before the position, never before the horizon. */
export function pollStart(state: PollState, lookbackMs: number): number {
	return Math.max(state.sinceMs + 1, state.horizonMs, state.positionMs - lookbackMs);
}

const createdMs = (event: IDataObject) => Date.parse(String(event.created));

/**
 * The key an event is remembered by: its id, or (an event without one) a hash of its content, so
 * two such events never collapse into one and the same one is recognised on the next page.
 */
export function eventKey(event: IDataObject): string {
	if (typeof event.id === 'string' && event.id !== '') return `id:${event.id}`;
	return `content:${fnv1a(JSON.stringify(event))}`;
}

/**
 * When an event happened for the trigger's bookkeeping: its `created`, or `fallbackMs` when it
 * has none that parses (the event is still emitted, once).
 */
export function eventTime(event: IDataObject, fallbackMs: number): number {
	const created = createdMs(event);
	return Number.isFinite(created) ? created : fallbackMs;
}

/**
 * The state after a poll emitted `emitted` and reached `positionMs`: the position never moves past
 * our clock (an event stamped in the future is remembered, not followed) nor backwards; keys older than what the next poll can ask for are
 * forgotten; past MAX_REMEMBERED_KEYS the oldest are forgotten too, and the horizon moves past them.
 */
export function advance(
	state: PollState,
	{
		emitted,
		positionMs,
		lookbackMs,
		nowMs,
		windowMs,
	}: {
		emitted: Array<[string, number]>;
		positionMs: number;
		lookbackMs: number;
		nowMs: number;
		windowMs?: number;
	},
): PollState {
	const position = Math.max(state.positionMs, Math.min(positionMs, nowMs));
	let horizon = Math.max(state.horizonMs, position - lookbackMs);
	let kept = [...state.emitted, ...emitted].filter(([, created]) => created >= horizon);
	kept.sort((a, b) => b[1] - a[1]);
	if (kept.length > MAX_REMEMBERED_KEYS) {
		const firstDropped = kept[MAX_REMEMBERED_KEYS][1];
		horizon = Math.min(position, firstDropped + 1);
		kept = kept.filter(([, created]) => created >= horizon).slice(0, MAX_REMEMBERED_KEYS);
	}
	return {
		version: 2,
		sinceMs: state.sinceMs,
		positionMs: position,
		horizonMs: horizon,
		emitted: kept,
		...(windowMs !== undefined ? { windowMs } : {}),
	};
}

/** 64-bit FNV-1a of a string, as 16 hex digits: a stable content key, not a security hash. */
export function fnv1a(text: string): string {
	let hash = 0xcbf29ce484222325n;
	for (let index = 0; index < text.length; index++) {
		hash ^= BigInt(text.charCodeAt(index));
		hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
	}
	return hash.toString(16).padStart(16, '0');
}
