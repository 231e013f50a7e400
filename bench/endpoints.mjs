// The simulator's two endpoints as the targets read them: the simulator's data for a size, the
// floor's first URLs, the node's input; and the token, jitter and credential every run shares.
import { webexApiCredentialData } from '../scripts/n8n.mjs';

const DAY_MS = 86_400_000;
const EVENTS_PAGE = 1000;
const RECORDINGS_PAGE = 100;
// n8n's declarative engine overflows its stack above ~124,000 items per input item; the package
// stops at 100,000 per input item (docs/requests.md, "Limits"), so larger runs use windows.
const RECORDS_PER_ITEM = 100_000;
export const TOKEN = 'sim-token';

/** The simulator's jitter at a latency: one third of it (150 -> 150 ± 50 ms). */
export const jitterOf = (latencyMs) => Math.round(latencyMs / 3);

/** The data of the `webexApi` credential that reads the simulator. */
export const webexApiCredential = (simulator) => webexApiCredentialData(TOKEN, simulator.baseUrl);

/** The node's Options collection for a --parallel value (null: the option left out). */
const nodeOptions = (parallel) => (parallel === null ? {} : { parallelRequests: parallel });

/**
 * Event windows of at most RECORDS_PER_ITEM events each, newest first (events are evenly spaced),
 * each a From/To range just around its events (Webex reads both as exclusive). Even one window has
 * a range: the node splits a range into slices read in parallel only when Return All covers one.
 */
function eventWindows(simulator, count) {
	const created = (index) => Date.parse(simulator.events.at(index).created);
	const windows = [];
	for (let start = 0; start < count; start += RECORDS_PER_ITEM) {
		const last = Math.min(start + RECORDS_PER_ITEM, count) - 1;
		windows.push({
			from: new Date(created(last) - 1).toISOString(),
			to: new Date(created(start) + 1).toISOString(),
		});
	}
	return windows;
}

/**
 * The recording audit's year: RECORDING_YEAR_DAYS up to the anchor, which the node and the API
 * split into 90-day windows (5 of them: 4 x 90 days and one of 4).
 */
const RECORDING_YEAR_DAYS = 364;

/** The recording audit's range in the API's 90-day windows, newest first, as the node splits it. */
export function recordingWindows(anchor) {
	const windows = [];
	const fromMs = anchor - RECORDING_YEAR_DAYS * DAY_MS;
	for (let to = anchor; to > fromMs; to -= 90 * DAY_MS)
		windows.push({
			from: new Date(Math.max(fromMs, to - 90 * DAY_MS)).toISOString(),
			to: new Date(to).toISOString(),
		});
	return windows;
}

export const ENDPOINTS = {
	events: {
		path: '/events',
		simulatorOptions: (records) => ({ events: records, recordings: 0 }),
		floorUrls: (simulator) => [`${simulator.baseUrl}/events?max=${EVENTS_PAGE}`],
		nodeType: 'webexEvents',
		nodeInput(simulator, records, anchor, parallel) {
			const windows = eventWindows(simulator, records);
			return {
				// One window: the range in the parameters, so that the real n8n's single item runs it.
				items: windows.length === 1 ? [{ json: {} }] : windows.map((window) => ({ json: window })),
				parameters: {
					resource: 'event',
					operation: 'getAll',
					returnAll: true,
					filters:
						windows.length === 1
							? windows[0]
							: { from: '={{ $json.from }}', to: '={{ $json.to }}' },
					options: nodeOptions(parallel),
				},
			};
		},
	},
	recording: {
		path: '/recordingReport/accessSummary',
		// With Host Email = all the simulator returns the summaries of the default site, about 80 %.
		simulatorOptions: (records) => ({
			events: 0,
			recordings: Math.round(records / 0.8),
			recordingSpanDays: RECORDING_YEAR_DAYS,
		}),
		floorUrls: (simulator, anchor) =>
			recordingWindows(anchor).map(
				({ from, to }) =>
					`${simulator.baseUrl}/recordingReport/accessSummary?${new URLSearchParams({ from, to, hostEmail: 'all', max: String(RECORDINGS_PAGE) })}`,
			),
		nodeType: 'webexRecordingAudit',
		nodeInput: (simulator, records, anchor, parallel) => ({
			items: [{ json: {} }],
			parameters: {
				resource: 'recordingAuditSummary',
				operation: 'getAll',
				returnAll: true,
				filters: {
					hostEmail: 'all',
					from: new Date(anchor - RECORDING_YEAR_DAYS * DAY_MS).toISOString(),
					to: new Date(anchor).toISOString(),
				},
				options: nodeOptions(parallel),
			},
		}),
	},
};
