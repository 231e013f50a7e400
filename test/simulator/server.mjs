// The local Webex API simulator: an HTTP server on 127.0.0.1 that answers the endpoints this
// package uses the way the real API does (see ../../README.md, "Simulator").
import { once } from 'node:events';
import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';

import { MESSAGES, WebexHttpError, trackingId, webexError } from './errors.mjs';
import { eventDataset, listEvents } from './events.mjs';
import { createFaultRules } from './faults.mjs';
import { encodeCursor, linkHeader } from './paging.mjs';
import { peoplePool, personMe } from './people.mjs';
import { listRecordingSummaries, recordingDataset } from './recordings.mjs';

const DAY_MS = 86_400_000;

export const DEFAULT_TOKENS = {
	// A compliance officer who is also a site admin: sees events and every host's recordings.
	'sim-token': { person: 0, compliance: true, admin: true },
	// An ordinary user: no compliance role, only their own recordings.
	'user-token': { person: 1, compliance: false, admin: false },
};

/**
 * Starts a simulator. Options (all optional):
 *   port (0 = any free port), seed (42), events (1000), recordings (500),
 *   eventSpanDays (30), recordingSpanDays (360), anchor (ms the newest data is just before; now),
 *   tokens ({token: {person, compliance, admin}}), faults (see setFaults).
 */
export async function createSimulator(options = {}) {
	const seed = options.seed ?? 42;
	const anchor = options.anchor ?? Date.now();
	const people = peoplePool(seed);
	const tokens = options.tokens ?? DEFAULT_TOKENS;
	const events = eventDataset({ seed, count: options.events ?? 1000, now: anchor, spanMs: (options.eventSpanDays ?? 30) * DAY_MS, people });
	const recordings = recordingDataset({ seed, count: options.recordings ?? 500, now: anchor, spanMs: (options.recordingSpanDays ?? 360) * DAY_MS, people });
	const now = () => Date.now();
	const requests = [];
	let faults;
	let rules;

	/**
	 * Faults: { rules: [...] (see faults.mjs), delayMs, emptyPageEvery, extraRels,
	 *           nextBaseUrl (next links point there, e.g. another host), loopNext (next link
	 *           always points back to the second page) }.
	 */
	function setFaults(next = {}) {
		faults = { ...next };
		rules = createFaultRules(next.rules);
	}
	setFaults(options.faults);

	const server = http.createServer(async (req, res) => {
		const url = new URL(req.url, 'http://127.0.0.1');
		const record = {
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			search: url.search,
			authorization: req.headers.authorization,
			timezone: req.headers.timezone,
			status: 0,
			at: Date.now(),
		};
		requests.push(record);
		const send = (status, body, headers = {}) => {
			record.status = status;
			const payload = JSON.stringify(body);
			res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', trackingid: body?.trackingId ?? trackingId(), ...headers });
			res.end(payload);
		};
		try {
			if (faults.delayMs) await delay(faults.delayMs);
			const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
			const caller = token !== undefined ? tokens[token] : undefined;
			if (!caller) throw new WebexHttpError(401);
			const rule = rules.match(url.pathname, url.searchParams);
			if (rule?.status === 'reset') {
				record.status = 'reset';
				req.socket.destroy();
				return;
			}
			if (rule) {
				const headers = rule.retryAfter !== undefined ? { 'retry-after': String(rule.retryAfter) } : {};
				throw new WebexHttpError(rule.status, rule.message ?? MESSAGES[rule.status], headers);
			}
			if (req.method !== 'GET') throw new WebexHttpError(405, 'Method not allowed.');
			const person = people[caller.person];
			const publicBase = `${faults.nextBaseUrl ?? `http://127.0.0.1:${server.address().port}`}`;
			if (url.pathname === '/v1/people/me') return send(200, personMe(person));
			let page;
			if (url.pathname === '/v1/events') {
				if (!caller.compliance) throw new WebexHttpError(403, MESSAGES[403]);
				page = listEvents(events, url.searchParams, { now, publicBase, path: url.pathname });
			} else if (url.pathname === '/v1/recordingReport/accessSummary') {
				page = listRecordingSummaries(recordings, url.searchParams, { now, publicBase, path: url.pathname, timezone: req.headers.timezone, caller: { email: person.emails[0], admin: caller.admin } });
			} else {
				throw new WebexHttpError(404);
			}
			sendPage(page, url, publicBase, send);
		} catch (error) {
			if (error instanceof WebexHttpError) return send(error.status, webexError(error.message), error.headers);
			send(500, webexError(`${MESSAGES[500]} ${error.message}`));
		}
	});

	function sendPage({ items, next, state }, url, publicBase, send) {
		let body = { items };
		let nextUrl = next;
		if (faults.emptyPageEvery && state.p % faults.emptyPageEvery === faults.emptyPageEvery - 1 && !state.emptyServed) {
			// An empty page that still links on, to the same position.
			body = { items: [] };
			const again = new URLSearchParams(url.searchParams);
			again.set('cursor', encodeCursor({ ...state, emptyServed: true }));
			nextUrl = `${publicBase}${url.pathname}?${again}`;
		}
		if (faults.loopNext && nextUrl) {
			const first = new URLSearchParams(url.searchParams);
			first.set('cursor', encodeCursor({ i: 0, p: 1 }));
			nextUrl = `${publicBase}${url.pathname}?${first}`;
		}
		const firstUrl = `${publicBase}${url.pathname}${url.search}`;
		send(200, body, nextUrl ? { link: linkHeader(nextUrl, { extraRels: faults.extraRels, firstUrl }) } : {});
	}

	server.keepAliveTimeout = 5000;
	server.listen(options.port ?? 0, '127.0.0.1');
	await once(server, 'listening');
	const origin = `http://127.0.0.1:${server.address().port}`;

	return {
		origin,
		baseUrl: `${origin}/v1`,
		people,
		events,
		recordings,
		requests,
		setFaults,
		clearRequests: () => requests.splice(0),
		async close() {
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
		},
	};
}
