// Webex Calling's detailed call history: GET /v1/cdr_feed (by the time each record was reported)
// and GET /v1/cdr_stream (by the time it reached Webex's cloud), with their windows, the two rate
// limits per token, late arrivals, Link paging by startTimeForNextFetch, and the 451 of an
// organisation whose data lives in another region.
//
// Webex's definitions of these endpoints are too large to excerpt: what this module does is
// written from the documented behaviour (developer.webex.com "Reports: Detailed Call History" and
// "Live Stream Detailed Call History", wxc_sdk's generated models; see the project's Webex API
// notes), and so is its contract (documented/call-history.json). The wording of the 400, 429 and
// 451 messages is ours, in Webex's style: no recorded answer gives it.
import { WebexHttpError, MESSAGES } from './errors.mjs';
import { hash32, pick, prng, stableUuid } from './random.mjs';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The hosts of Webex's call history; the simulator's own /v1 is the first (US) host. */
export const CALL_HISTORY_HOSTS = {
	us: 'analytics-calling.webexapis.com',
	eu: 'analytics-calling-eu.webexapis.com',
	in: 'analytics-calling-in.webexapis.com',
	au: 'analytics-calling-au.webexapis.com',
	gov: 'analytics-calling-gov.webexapis.com',
};

/** A region's host served under the simulator's origin: /<host>/v1/cdr_feed (see baseUrl.ts). */
const REGIONAL_PATH = /^\/(analytics-calling(?:-[a-z]+)?\.webexapis\.com)(\/v1\/.*)$/;

/** {host, path}: the host a path asks for (the first host for /v1/...) and its /v1 path. */
export function regionalPath(pathname) {
	const match = REGIONAL_PATH.exec(pathname);
	return match
		? { host: match[1], path: match[2] }
		: { host: CALL_HISTORY_HOSTS.us, path: pathname };
}

export const CALL_HISTORY_PATHS = ['/v1/cdr_feed', '/v1/cdr_stream'];

/** The two endpoints' windows: by report time (feed) and by arrival (stream). */
const WINDOWS = {
	'/v1/cdr_feed': {
		timeOf: 'reportMs',
		maxWindowMs: 12 * HOUR_MS,
		maxAgeMs: 30 * DAY_MS,
		minAgeMs: 5 * MINUTE_MS,
		words: { window: '12 hours', age: '30 days', latest: '5 minutes' },
	},
	'/v1/cdr_stream': {
		timeOf: 'arrivalMs',
		maxWindowMs: 2 * HOUR_MS,
		maxAgeMs: 12 * HOUR_MS,
		minAgeMs: MINUTE_MS,
		words: { window: '2 hours', age: '12 hours', latest: '1 minute' },
	},
};

const TIME_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const NEXT_FETCH = 'startTimeForNextFetch';
const PAGE = { min: 500, max: 5000 };

const CALL_TYPES = [
	'SIP_NATIONAL',
	'SIP_NATIONAL',
	'SIP_ENTERPRISE',
	'SIP_ENTERPRISE',
	'SIP_MOBILE',
	'SIP_TOLLFREE',
	'SIP_INTERNATIONAL',
	'SIP_PREMIUM',
	'SIP_EMERGENCY',
	'SIP_INBOUND',
];
const OUTCOMES = [
	['Success', 'Normal'],
	['Success', 'Normal'],
	['Success', 'Normal'],
	['Failure', 'UserBusy'],
	['Refusal', 'CallRejected'],
];
export const LOCATIONS = ['Headquarters', 'Branch Office', 'Warehouse', 'Remote Site'];
const USER_TYPES = ['User', 'User', 'User', 'Place', 'AutomatedAttendantVideo', 'HuntGroup'];
const iso = (ms) => new Date(ms).toISOString();

/**
 * A call record with Webex's keys (spaces and all), reported at `reportMs`: a call leg that started
 * before it, rang, was answered or not.
 */
function callRecord(seed, index, reportMs, people) {
	const random = prng(hash32(seed, 'cdr', index));
	const ringSeconds = Math.floor(random() * 20);
	const [outcome, reason] = pick(random, OUTCOMES);
	const answered = outcome === 'Success' && random() < 0.9;
	const duration = answered ? Math.floor(random() * 1800) : 0;
	const releaseMs = reportMs - 1000 - Math.floor(random() * 30_000);
	const startMs = releaseMs - (duration + ringSeconds) * 1000;
	const direction = random() < 0.5 ? 'ORIGINATING' : 'TERMINATING';
	const person = people[Math.floor(random() * people.length)];
	const userNumber = `+1408555${String(1000 + (hash32(seed, 'ext', person.id) % 9000))}`;
	const other = `+${Math.floor(1e10 + random() * 9e10)}`;
	const callType = pick(random, CALL_TYPES);
	const [calling, called] = direction === 'ORIGINATING' ? [userNumber, other] : [other, userNumber];
	const correlation = stableUuid(seed, 'cdr-correlation', Math.floor(index / 2));
	const record = {
		'Report ID': stableUuid(seed, 'cdr-report', index),
		'Report time': iso(reportMs),
		'Start time': iso(startMs),
		'Release time': iso(releaseMs),
		Answered: String(answered),
		Duration: duration,
		'Ring duration': ringSeconds,
		Direction: direction,
		'Calling number': calling,
		'Called number': called,
		'Calling line ID': direction === 'ORIGINATING' ? person.displayName : 'Caller',
		'Called line ID': direction === 'ORIGINATING' ? 'Callee' : person.displayName,
		'Dialed digits': direction === 'ORIGINATING' ? other.replace('+', '') : undefined,
		'Call type': callType,
		'Call outcome': outcome,
		'Call outcome reason': reason,
		User: person.displayName,
		'User type': pick(random, USER_TYPES),
		'User UUID': stableUuid(seed, 'cdr-user', person.id),
		'User number': userNumber,
		'Org UUID': stableUuid(seed, 'org'),
		Location: LOCATIONS[hash32(seed, 'cdr-location', person.id) % LOCATIONS.length],
		'Site UUID': stableUuid(seed, 'cdr-site', person.id),
		'Call ID': `SSE${hash32(seed, 'call', index)}@10.0.0.1`,
		'Correlation ID': correlation,
		'Local call ID': stableUuid(seed, 'cdr-local', index),
		'Remote call ID': stableUuid(seed, 'cdr-remote', index),
		'Network call ID': stableUuid(seed, 'cdr-network', index),
		'Local SessionID': stableUuid(seed, 'cdr-session', index).replace(/-/g, ''),
		'OS type': pick(random, ['Windows', 'macOS', 'iOS', 'Android', 'Other']),
		'PSTN Vendor Name': callType.startsWith('SIP_') ? 'Example Carrier' : undefined,
		'Redirect reason': random() < 0.1 ? 'Unconditional' : undefined,
		'Related reason': random() < 0.1 ? 'CallForwardNoAnswer' : undefined,
		'Transfer type': random() < 0.05 ? 'ATTENDED' : undefined,
	};
	if (answered) record['Answer time'] = iso(startMs + ringSeconds * 1000);
	for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
	return record;
}

/**
 * The call records of an organisation: `count` reported over `spanMs` before `now`, each reaching
 * Webex's cloud about a minute after, but a `lateShare` of them hours later (delivered in later
 * windows of the stream; in the feed only once they arrived). `add` puts more in.
 */
export function callHistoryDataset({ seed, count, now, spanMs, lateShare = 0.05, people }) {
	const entries = [];
	const spacing = count > 0 ? spanMs / count : 1;
	for (let index = 0; index < count; index++) {
		const reportMs = Math.floor(now - spanMs + spacing * index);
		const random = prng(hash32(seed, 'cdr-arrival', index));
		const late = random() < lateShare;
		const arrivalMs =
			reportMs +
			(late
				? HOUR_MS + Math.floor(random() * 3 * HOUR_MS)
				: 40_000 + Math.floor(random() * 40_000));
		entries.push({ reportMs, arrivalMs, late, record: callRecord(seed, index, reportMs, people) });
	}
	let byReport;
	let byArrival;
	const index = () => {
		// Times unique per order (a next page starts at a time: ties would repeat or skip records).
		const unique = (key) => {
			const sorted = [...entries].sort((a, b) => a[key] - b[key]);
			for (let at = 1; at < sorted.length; at++)
				if (sorted[at][key] <= sorted[at - 1][key]) sorted[at][key] = sorted[at - 1][key] + 1;
			return sorted;
		};
		byReport = unique('reportMs');
		byArrival = unique('arrivalMs');
		for (const entry of entries) {
			entry.record['Report time'] = iso(entry.reportMs);
		}
	};
	index();
	return {
		entries: () => entries,
		/** Entries in the endpoint's order: by report time (feed) or by arrival (stream). */
		ordered: (key) => (key === 'reportMs' ? byReport : byArrival),
		/** Adds records: [{reportMs, arrivalMs}] → the records made for them. */
		add(added) {
			const made = added.map(({ reportMs, arrivalMs }, offset) => {
				const at = entries.length + offset;
				return {
					reportMs,
					arrivalMs,
					late: arrivalMs - reportMs > HOUR_MS,
					record: callRecord(seed, at, reportMs, people),
				};
			});
			entries.push(...made);
			index();
			return made.map((entry) => entry.record);
		},
	};
}

/** A time parameter as Webex takes it (YYYY-MM-DDTHH:MM:SS.mmmZ), in ms; a 400 otherwise. */
function readTime(query, name) {
	const text = query.get(name);
	if (text === null || text === '') throw new WebexHttpError(400, `${name} is required.`);
	if (!TIME_FORMAT.test(text) || Number.isNaN(Date.parse(text)))
		throw new WebexHttpError(400, `Invalid ${name}: expected the format YYYY-MM-DDTHH:MM:SS.mmmZ.`);
	return Date.parse(text);
}

/**
 * The call history of one simulator: its data set, and per token what the limits count.
 * Options: records (2,000) over spanDays (30), lateShare (0.05), homeRegion ('us': the region
 * whose host holds the data; the others answer 451 naming it), regionMessageHost (the host a 451
 * names instead, e.g. one that is not Webex's), minuteMs (60,000: the limits' minute, shorter in
 * tests), firstPerMinute (1), nextPerMinute (10), rateLimits (true).
 */
export function createCallHistory({ seed, now, people, options = {} }) {
	const dataset = callHistoryDataset({
		seed,
		count: options.records ?? 2000,
		now,
		spanMs: (options.spanDays ?? 30) * DAY_MS,
		lateShare: options.lateShare,
		people,
	});
	const settings = {
		homeRegion: options.homeRegion ?? 'us',
		regionMessageHost: options.regionMessageHost,
		minuteMs: options.minuteMs ?? MINUTE_MS,
		firstPerMinute: options.firstPerMinute ?? 1,
		nextPerMinute: options.nextPerMinute ?? 10,
		rateLimits: options.rateLimits ?? true,
	};
	/** Per token: arrival times of first requests and of next pages. */
	const counted = new Map();
	/** Each request: {token, kind, host, status, at}. */
	const log = [];

	/** A 429 when the token has had its first requests (or next pages) this minute. */
	function keepLimit(token, kind, at) {
		if (!settings.rateLimits) return;
		if (!counted.has(token)) counted.set(token, { first: [], next: [] });
		const times = counted.get(token)[kind];
		const allowed = kind === 'first' ? settings.firstPerMinute : settings.nextPerMinute;
		while (times.length && times[0] <= at - settings.minuteMs) times.shift();
		if (times.length >= allowed) {
			const waitMs = times[0] + settings.minuteMs - at;
			throw new WebexHttpError(429, MESSAGES[429], {
				'retry-after': String(Math.max(0.001, Math.ceil(waitMs) / 1000)),
			});
		}
		times.push(at);
	}

	/** The answer to GET `path` on `host`: {page: {items}, link} or a WebexHttpError. */
	function answer({ path, host, url, token, publicBase, at = Date.now() }) {
		const query = url.searchParams;
		const kind = query.has(NEXT_FETCH) ? 'next' : 'first';
		const entry = { token, kind, host, path, status: 200, at };
		log.push(entry);
		try {
			const home = CALL_HISTORY_HOSTS[settings.homeRegion];
			if (host !== home)
				throw new WebexHttpError(
					451,
					`This organization's data is not available in this region. Use ${settings.regionMessageHost ?? home} for its requests.`,
				);
			keepLimit(token, kind, at);
			return page({ path, url, publicBase, at });
		} catch (error) {
			entry.status = error.status ?? 500;
			throw error;
		}
	}

	function page({ path, url, publicBase, at }) {
		const rules = WINDOWS[path];
		const query = url.searchParams;
		const startMs = readTime(query, 'startTime');
		const endMs = readTime(query, 'endTime');
		const { words } = rules;
		if (startMs >= endMs) throw new WebexHttpError(400, 'startTime must be before endTime.');
		if (endMs - startMs > rules.maxWindowMs)
			throw new WebexHttpError(
				400,
				`The time between startTime and endTime must not exceed ${words.window}.`,
			);
		if (endMs > at - rules.minAgeMs)
			throw new WebexHttpError(
				400,
				`endTime must be at least ${words.latest} before the current time.`,
			);
		if (startMs < at - rules.maxAgeMs)
			throw new WebexHttpError(
				400,
				`startTime must not be more than ${words.age} before the current time.`,
			);
		const locations = (query.get('locations') ?? '')
			.split(',')
			.map((name) => name.trim())
			.filter(Boolean);
		if (locations.length > 10) throw new WebexHttpError(400, 'At most 10 locations may be given.');
		const rawMax = query.get('max');
		const max = rawMax === null || rawMax === '' ? PAGE.max : Number(rawMax);
		if (!Number.isInteger(max) || max < PAGE.min || max > PAGE.max)
			throw new WebexHttpError(400, `max must be between ${PAGE.min} and ${PAGE.max}.`);
		const fromMs = query.has(NEXT_FETCH) ? readTime(query, NEXT_FETCH) : startMs;
		const key = rules.timeOf;
		const ordered = dataset.ordered(key);
		let low = 0;
		let high = ordered.length;
		while (low < high) {
			const mid = (low + high) >>> 1;
			if (ordered[mid][key] < fromMs) low = mid + 1;
			else high = mid;
		}
		const items = [];
		let index = low;
		for (; index < ordered.length && ordered[index][key] < endMs; index++) {
			const entry = ordered[index];
			// The feed holds a record once it reached Webex's cloud.
			if (entry.arrivalMs > at) continue;
			if (locations.length && !locations.includes(entry.record.Location)) continue;
			if (items.length === max) break;
			items.push(entry.record);
		}
		let link;
		if (index < ordered.length && ordered[index][key] < endMs && items.length === max) {
			const next = new URLSearchParams(query);
			next.set(NEXT_FETCH, iso(ordered[index][key]));
			link = `<${publicBase}${url.pathname}?${next}>; rel="next"`;
		}
		return { items, link };
	}

	return {
		dataset,
		settings,
		log,
		/** Changes settings while running (homeRegion, regionMessageHost, limits). */
		set: (next) => Object.assign(settings, next),
		answer,
		/** The records `path` holds in [fromMs, toMs) as of `at`, in its order (for tests). */
		recordsIn(path, fromMs, toMs, { at = Date.now(), locations } = {}) {
			const key = WINDOWS[path].timeOf;
			return dataset
				.ordered(key)
				.filter(
					(entry) =>
						entry[key] >= fromMs &&
						entry[key] < toMs &&
						entry.arrivalMs <= at &&
						(!locations || locations.includes(entry.record.Location)),
				)
				.map((entry) => entry.record);
		},
	};
}
