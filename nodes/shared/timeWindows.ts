export interface TimeWindow {
	/** Inclusive start, epoch milliseconds. */
	fromMs: number;
	/** Exclusive end, epoch milliseconds. */
	toMs: number;
}

/**
 * Splits [fromMs, toMs) into consecutive windows of at most `maxMs`, newest first: each window's
 * `fromMs` is the next one's `toMs`, so together they cover the range with no overlap and no gap.
 * An empty range gives one empty window (the API answers it with no records).
 */
export function splitNewestFirst(fromMs: number, toMs: number, maxMs: number): TimeWindow[] {
	if (!(maxMs > 0)) throw new RangeError('maxMs must be positive');
	const windows: TimeWindow[] = [];
	let end = toMs;
	do {
		const start = Math.max(fromMs, end - maxMs);
		windows.push({ fromMs: start, toMs: end });
		end = start;
	} while (end > fromMs);
	return windows;
}
