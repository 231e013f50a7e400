import type { IDataObject } from 'n8n-workflow';

/**
 * A media session's quality as one flat row: Webex gives each direction (audioIn, videoOut, …) as
 * segments, each with one sample per sampling interval; a sheet needs one figure per direction.
 */

export const DIRECTIONS = ['audioIn', 'audioOut', 'videoIn', 'videoOut'] as const;
export const MEASURES = ['packetLoss', 'latency', 'jitter'] as const;

const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

/** The column of a direction's average measure, e.g. audioInPacketLossAvg. */
export const averageColumn = (direction: string, measure: string) =>
	`${direction}${capitalized(measure)}Avg`;

/** The mean of every sample of `measure` over a direction's segments, to 2 decimals; null if none. */
export function averageOf(segments: unknown, measure: string): number | null {
	if (!Array.isArray(segments)) return null;
	let sum = 0;
	let count = 0;
	for (const segment of segments) {
		const samples = (segment as IDataObject | null)?.[measure];
		if (!Array.isArray(samples)) continue;
		for (const sample of samples) {
			if (typeof sample !== 'number' || !Number.isFinite(sample)) continue;
			sum += sample;
			count++;
		}
	}
	return count === 0 ? null : Math.round((sum / count) * 100) / 100;
}

/** Every average column, direction by direction. */
export const AVERAGE_COLUMNS = DIRECTIONS.flatMap((direction) =>
	MEASURES.map((measure) => averageColumn(direction, measure)),
);

/** The averages of a media session, by column. */
export const sessionAverages = (session: IDataObject): IDataObject =>
	Object.fromEntries(
		DIRECTIONS.flatMap((direction) =>
			MEASURES.map((measure) => [
				averageColumn(direction, measure),
				averageOf(session[direction], measure),
			]),
		),
	);
