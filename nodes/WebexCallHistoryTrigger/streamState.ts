import { HOUR_MS } from '../shared/limits';

/**
 * What the Webex Call History Trigger remembers between polls, in the workflow's static data
 * (plain JSON, no secrets): where the stream stopped, the Report IDs emitted lately, and a gap
 * being filled from the feed.
 */
export interface StreamState {
	version: 1;
	/** What the trigger watches (Region, Locations): another scope starts afresh. */
	scope: string;
	/** Every record that reached Webex's cloud before this (ms) has been emitted. */
	positionMs: number;
	/** [Report ID, end of the window that emitted it (ms)] of the records emitted lately. */
	emitted: Array<[string, number]>;
	/**
	 * A stop longer than the stream keeps: the records reported from `fromMs` to `toMs` are read
	 * from the feed, window by window (`nextMs`: where the next one starts); then the stream goes
	 * on from `toMs`.
	 */
	fill?: { fromMs: number; nextMs: number; toMs: number };
}

/**
 * How long emitted Report IDs are remembered, before the position: a gap filled from the feed
 * starts this long before where the stream stopped, so that records reported before the stop and
 * delivered after it are read, and the ones emitted before the stop are not again.
 */
export const REMEMBER_MS = 3 * HOUR_MS;
/** A hard bound on remembered Report IDs, whatever the call rate. */
export const MAX_REMEMBERED = 50_000;

/** The state in static data when it is of this scope; undefined otherwise. */
export function readStreamState(value: unknown, scope: string): StreamState | undefined {
	const state = value as Partial<StreamState> | undefined;
	if (
		state?.version !== 1 ||
		state.scope !== scope ||
		typeof state.positionMs !== 'number' ||
		!Array.isArray(state.emitted)
	)
		return undefined;
	return state as StreamState;
}

/** The Report IDs a poll must not emit again. */
export const rememberedIds = (state: StreamState) => new Set(state.emitted.map(([id]) => id));

/**
 * The state after a poll: the IDs it emitted added, those from windows that ended more than
 * REMEMBER_MS before the position forgotten, and at most MAX_REMEMBERED, the newest.
 */
export function remember(
	state: StreamState,
	emitted: Array<[string, number]>,
	changes: Pick<StreamState, 'positionMs' | 'fill'>,
): StreamState {
	const horizonMs = changes.positionMs - REMEMBER_MS;
	const kept = [...state.emitted, ...emitted]
		.filter(([, windowEndMs]) => windowEndMs >= horizonMs)
		.sort((a, b) => b[1] - a[1])
		.slice(0, MAX_REMEMBERED);
	const next: StreamState = {
		version: 1,
		scope: state.scope,
		positionMs: changes.positionMs,
		emitted: kept,
	};
	if (changes.fill) next.fill = changes.fill;
	return next;
}
