// The local Webex API simulator: an HTTP server on 127.0.0.1 that answers the endpoints this
// package uses the way the real API does (see README.md beside this file).
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { fileURLToPath } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';

import { adminAuditDataset, securityAuditDataset } from './audit.mjs';
import { chatDataset } from './chats.mjs';
import { CALL_HISTORY_PATHS, createCallHistory, regionalPath } from './callHistory.mjs';
import { organizationsOf } from './organizations.mjs';
import { createContractLog } from './contractLog.mjs';
import { answerData, dataRouteOf, OTHER_METHODS, UNDEFINED_PATHS } from './endpoints.mjs';
import { contentDataset } from './contents.mjs';
import { MESSAGES, WebexHttpError, trackingId, webexError } from './errors.mjs';
import { eventDataset } from './events.mjs';
import { adminRecordingDataset, archiveDataset, transcriptDataset } from './meetingContent.mjs';
import { meetingReportDataset, QUALITIES_INTERVAL_MS } from './meetingReports.mjs';
import { createFaultRules } from './faults.mjs';
import { ACCESS_TOKEN_PATH, createOAuth, SERVICE_APP_TOKEN_PATH } from './oauth.mjs';
import { pageAnswer } from './pageFaults.mjs';
import { formerPeople, peopleDirectory, peoplePool } from './people.mjs';
import { tokenBucket } from './rateLimit.mjs';
import { recordingDataset } from './recordings.mjs';
import { createRequestFaults } from './requestFaults.mjs';
import { createWebhooks } from './webhooks.mjs';

const DAY_MS = 86_400_000;

// A self-signed key and certificate for 127.0.0.1 and localhost, for `https: true`. TEST-ONLY:
// the private key is public in this repository; never use them for anything else.
export const TLS_KEY_PATH = fileURLToPath(new URL('./tls/selfsigned-key.pem', import.meta.url));
export const TLS_CERT_PATH = fileURLToPath(new URL('./tls/selfsigned-cert.pem', import.meta.url));

export const DEFAULT_TOKENS = {
	// A compliance officer who is also a full administrator: sees events, every host's recordings
	// and the admin and security audit trails.
	'sim-token': { person: 0, compliance: true, admin: true, fullAdmin: true },
	// An ordinary user: no compliance role, only their own recordings, no audit trails.
	'user-token': { person: 1, compliance: false, admin: false, fullAdmin: false },
	// A partner's full administrator: sees and audits the customer organisations (customerOrgs).
	'partner-token': { person: 0, compliance: false, admin: true, fullAdmin: true, partner: true },
	// A compliance officer only: transcripts and recordings of every site, no meeting archives.
	'officer-token': { person: 2, compliance: true, admin: false, fullAdmin: false },
	// A compliance officer whose token lacks spark:people_read: GET /v1/people answers 403.
	'no-people-token': {
		person: 0,
		compliance: true,
		admin: true,
		fullAdmin: true,
		peopleRead: false,
	},
};

function nonNegative(value, name) {
	const number = Number(value ?? 0);
	if (!Number.isFinite(number) || number < 0)
		throw new RangeError(`${name} must be a number of milliseconds, 0 or more`);
	return number;
}

/**
 * Starts a simulator. Options (all optional):
 *   port (0 = any free port), seed (42), events (1000), recordings (500),
 *   people (60: the pool the data refers to and GET /v1/people knows), formerPeople (3: people
 *     who acted in some events and are deleted since, unknown to GET /v1/people),
 *   eventSpanDays (30), recordingSpanDays (360), anchor (ms the newest data is just before; now),
 *   transcripts (300) over transcriptSpanDays (60), adminRecordings (600, every status) over
 *     adminRecordingSpanDays (90), archives (200) over archiveSpanDays (60),
 *   reportMeetings (400: ended meeting instances of the usage, attendee and quality reports and
 *     the meeting summaries, see meetingReports.mjs) over reportSpanDays (80),
 *   qualitiesIntervalMs (5 minutes: GET /v1/meeting/qualities answers one request per meeting
 *     instance in this time, a sooner one 429 with the rest as Retry-After; tests scale it down),
 *   adminAuditEvents (500), adminAuditSpanDays (30), securityAuditEvents (500),
 *   securityAuditSpanDays (30),
 *   customerOrgs (0: customer organisations a partner-token manages, each with its own audit
 *     trails), customerAuditEvents (50 of each kind per customer), customerAuditSpanDays (30),
 *     refusingOrgs ([]: indexes of customers whose audit answers 403, see organizations.mjs),
 *   chatsPerMeeting (40: the most post-meeting chats of a meeting-ended event with
 *     hasPostMeetingsChat "yes"; each such meeting has between half of it and all of it),
 *   chatsLink (false; true: /meetings/postMeetingChats pages also carry a Link rel="next" with the
 *     next offset, which the definition does not declare; a fault of the same name overrides it),
 *   adminAuditLink (false; true: /adminAudit/events pages also carry a Link rel="next" with the
 *     next offset, as some tenants answer; a fault of the same name overrides it),
 *   proPack (true; false: /admin/securityAudit/events answers 403 as an organisation without Pro
 *     Pack or the "Allow user authentication data" setting does; a fault of the same name overrides),
 *   tokens ({token: {person, compliance, admin, fullAdmin, peopleRead (true; false: GET
 *     /v1/people answers 403, as for a token without spark:people_read)}}), faults (see setFaults),
 *   latencyMs (0) and latencyJitterMs (0): every request, on every endpoint, waits latencyMs plus
 *     a uniform random jitter in [-latencyJitterMs, +latencyJitterMs] (never below 0) before it is
 *     answered, as a round trip to the real Webex does (e.g. 150 and 50 for 150 ± 50 ms),
 *   rateLimit ({perSecond, burst (perSecond), retryAfter (1)}: a token bucket over all requests
 *     with a valid token; a request that finds none is answered 429 with that Retry-After, as
 *     Webex's per-application limit does),
 *   https (true: serve over TLS with the test-only certificate at TLS_CERT_PATH),
 *   oauth (true or createOAuth's options: integration and service app clients, token lifetimes;
 *          serve POST /v1/access_token and POST /v1/applications/{applicationId}/token; see
 *          oauth.mjs and the returned `oauth`),
 *   messageFiles (the files of message events and their malware scan states: contentDataset's
 *     options in contents.mjs, e.g. {every: 1, size: 1048576, scanning: 0}),
 *   messageRetentionDays (365: how long a deleted message and its files stay readable to a
 *     compliance officer with GET /v1/messages/{id}),
 *   callHistory (createCallHistory's options in callHistory.mjs: records, spanDays, lateShare,
 *     homeRegion, regionMessageHost, minuteMs, firstPerMinute, nextPerMinute, rateLimits),
 *   webhookFailures (3: consecutive failed deliveries after which a webhook is set inactive),
 *   contract (true: every request and answer is checked against Webex's OpenAPI definitions
 *     (contract.mjs) and close() rejects with what violated them; false: no checks, as
 *     the CLI, `npm run dev` and the bench run it; or a checker from loadContract()).
 */
export async function createSimulator(options = {}) {
	const seed = options.seed ?? 42;
	const anchor = options.anchor ?? Date.now();
	const poolSize = options.people ?? 60;
	if (!Number.isInteger(poolSize) || poolSize < 2)
		throw new RangeError(
			'people must be a whole number of at least 2 (tokens act as people 0 and 1)',
		);
	const people = peoplePool(seed, poolSize);
	const former = formerPeople(seed, options.formerPeople ?? 3);
	const directory = peopleDirectory(people);
	const tokens = options.tokens ?? DEFAULT_TOKENS;
	// A message's files name this server's origin, known once it listens.
	const contents = contentDataset({ seed, base: () => `${origin}/v1`, ...options.messageFiles });
	const events = eventDataset({
		seed,
		count: options.events ?? 1000,
		now: anchor,
		spanMs: (options.eventSpanDays ?? 30) * DAY_MS,
		people,
		actors: [...people, ...former],
		contents,
		messageRetentionMs: (options.messageRetentionDays ?? 365) * DAY_MS,
	});
	const recordings = recordingDataset({
		seed,
		count: options.recordings ?? 500,
		now: anchor,
		spanMs: (options.recordingSpanDays ?? 360) * DAY_MS,
		people,
	});
	const adminAudit = adminAuditDataset({
		seed,
		count: options.adminAuditEvents ?? 500,
		now: anchor,
		spanMs: (options.adminAuditSpanDays ?? 30) * DAY_MS,
		people,
	});
	const securityAudit = securityAuditDataset({
		seed,
		count: options.securityAuditEvents ?? 500,
		now: anchor,
		spanMs: (options.securityAuditSpanDays ?? 30) * DAY_MS,
		people,
	});
	const orgs = organizationsOf({
		seed,
		count: options.customerOrgs ?? 0,
		refusing: options.refusingOrgs,
		events: options.customerAuditEvents ?? 50,
		spanDays: options.customerAuditSpanDays ?? 30,
		now: anchor,
		people,
	});
	const transcripts = transcriptDataset({
		seed,
		count: options.transcripts ?? 300,
		now: anchor,
		spanMs: (options.transcriptSpanDays ?? 60) * DAY_MS,
		people,
	});
	const adminRecordings = adminRecordingDataset({
		seed,
		count: options.adminRecordings ?? 600,
		now: anchor,
		spanMs: (options.adminRecordingSpanDays ?? 90) * DAY_MS,
		people,
	});
	const archives = archiveDataset({
		seed,
		count: options.archives ?? 200,
		now: anchor,
		spanMs: (options.archiveSpanDays ?? 60) * DAY_MS,
	});
	const chats = chatDataset({ seed, events, people, perMeeting: options.chatsPerMeeting ?? 40 });
	const meetingReports = meetingReportDataset({
		seed,
		count: options.reportMeetings ?? 400,
		now: anchor,
		spanMs: (options.reportSpanDays ?? 80) * DAY_MS,
		people,
	});
	const callHistory = createCallHistory({
		seed,
		now: anchor,
		people,
		options: options.callHistory,
	});
	const webhooks = createWebhooks({ people, failuresBeforeInactive: options.webhookFailures });
	const oauth = options.oauth
		? createOAuth(options.oauth === true ? {} : options.oauth)
		: undefined;
	const scheme = options.https ? 'https' : 'http';
	const now = () => Date.now();
	const requests = [];
	const latencyMs = nonNegative(options.latencyMs, 'latencyMs');
	const latencyJitterMs = nonNegative(options.latencyJitterMs, 'latencyJitterMs');
	const bucket = options.rateLimit ? tokenBucket(options.rateLimit) : undefined;
	/** This request's round trip: latencyMs ± a uniform jitter, at least 0. */
	const latencyOfOneRequest = () =>
		Math.max(0, latencyMs + (Math.random() * 2 - 1) * latencyJitterMs);
	// Sockets of stalled requests, destroyed by close().
	const stalled = new Set();
	let faults;
	let rules;
	let requestFaults;
	const contract =
		options.contract === false
			? undefined
			: typeof options.contract === 'object'
				? options.contract
				: (await import('./contract.mjs')).loadContract();
	const contractLog = createContractLog(contract);

	/**
	 * Faults: { rules: [...] (see faults.mjs), delayMs, emptyPageEvery, extraRels,
	 *   nextBaseUrl (next links point there, e.g. another host), loopNext (next link always points
	 *   back to the second page),
	 *   redirect: {status (301|302|303|307|308; 302), to (an origin, or a path prefix starting with
	 *     '/' that replaces '/v1'; this simulator's origin), on ('first' | 'next' | 'all'), times}:
	 *     data requests are answered with `Location: ${to}${path}${search}` whatever their token;
	 *     with a path prefix, requests under it are served as the /v1 endpoint they name,
	 *   stall: {on ('headers' | 'body'), times, path, after (matching requests answered first)}:
	 *     'headers' never answers; 'body' sends 200,
	 *     the headers and '{"items":[' and never more (data requests, or `path`),
	 *   repeatAcrossPages (each page after the first starts with the last record of the one before),
	 *   relativeNext ('path': next link '/v1/events?...'; 'query': 'events?...'),
	 *   badRecords ([values] the first page's items start with),
	 *   echoAuthorization (error bodies repeat the request's Authorization header),
	 *   linkHeader (every data page answers with exactly this Link header),
	 *   refuseRefresh (the token endpoint answers every refresh with 400 invalid_grant),
	 *   adminAuditLink, chatsLink, proPack (override the options of the same name),
	 *   nextLink: {drop: [names], set: {name: value}}: every next link loses the named query
	 *     parameters and gets the set ones, as real Webex's links have been seen to (a filter
	 *     missing, so the next pages come back unfiltered; `set: {max: 'null'}`, which fails as is) }.
	 * /adminAudit/events and /meetings/postMeetingChats page by offset: emptyPageEvery, loopNext and repeatAcrossPages (cursor
	 * faults) do not apply to it; a redirect's on: 'next' counts a request with offset > 0 as next.
	 */
	function setFaults(next = {}) {
		faults = { ...next };
		rules = createFaultRules(next.rules);
		requestFaults = createRequestFaults(faults, () => origin);
	}
	setFaults(options.faults);

	/**
	 * The /v1 endpoint a path names: itself, under a redirect's path prefix, or under a call history
	 * region's host (/analytics-calling-eu.webexapis.com/v1/cdr_feed: see callHistory.mjs).
	 */
	const endpointOf = (pathname) => requestFaults.endpointOf(regionalPath(pathname).path);

	async function readBody(req, limit = 64 * 1024) {
		const chunks = [];
		let size = 0;
		for await (const chunk of req) {
			size += chunk.length;
			if (size > limit) throw new WebexHttpError(413, 'Request body too large.');
			chunks.push(chunk);
		}
		return Buffer.concat(chunks).toString('utf8');
	}

	async function handle(req, res) {
		const url = new URL(req.url, 'http://127.0.0.1');
		const endpoint = endpointOf(url.pathname);
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
		if (endpoint !== url.pathname) record.endpoint = endpoint;
		requests.push(record);
		// The contract: this request as the definitions see it, and the parts of its answer that a
		// fault makes off the contract on purpose ({answer, status, body, link}: why).
		const exchange = { operation: undefined, offContract: {} };
		// (No definition exists for a message's files: see contents.mjs.)
		if (
			contract &&
			url.pathname !== ACCESS_TOKEN_PATH &&
			!UNDEFINED_PATHS.has(dataRouteOf(endpoint))
		) {
			// (The OAuth token endpoint is n8n's refresh, outside the definitions' excerpts.)
			contractLog.checkRequest(record, exchange, {
				method: req.method,
				path: endpoint,
				query: url.searchParams,
				headers: req.headers,
			});
		}
		const send = (status, body, headers = {}, offContract = {}) => {
			record.status = status;
			record.answeredAt = Date.now();
			const payload = typeof body === 'string' ? body : JSON.stringify(body);
			const allHeaders = {
				'content-type': 'application/json;charset=UTF-8',
				trackingid: body?.trackingId ?? trackingId(),
				...headers,
			};
			res.writeHead(status, allHeaders);
			res.end(payload);
			Object.assign(exchange.offContract, offContract);
			if (exchange.operation && !exchange.offContract.answer) {
				contractLog.checkAnswer(record, exchange, {
					status,
					headers: allHeaders,
					body: payload,
					url: `${origin}${url.pathname}${url.search}`,
					mapPath: endpointOf,
				});
			}
		};
		try {
			if (latencyMs || latencyJitterMs) await delay(latencyOfOneRequest());
			if (faults.delayMs) await delay(faults.delayMs);
			const stall = requestFaults.stallFor(url, endpoint);
			if (stall) {
				exchange.offContract.answer = 'stall: no answer, or half of one, by design';
				record.status = 'stall';
				stalled.add(req.socket);
				req.socket.once('close', () => stalled.delete(req.socket));
				if (stall === 'body') {
					res.writeHead(200, {
						'content-type': 'application/json;charset=UTF-8',
						trackingid: trackingId(),
					});
					res.write('{"items":[');
				}
				return;
			}
			if (oauth && url.pathname === ACCESS_TOKEN_PATH) {
				// Never keep the client secret: a Basic header carries it.
				if (record.authorization !== undefined)
					record.authorization = record.authorization.replace(/^(\S+)\s.*$/s, '$1 [redacted]');
				if (req.method !== 'POST') throw new WebexHttpError(405, 'Method not allowed.');
				const rawBody = await readBody(req);
				const { status, body } = oauth.answer({
					authorization: req.headers.authorization,
					contentType: req.headers['content-type'],
					rawBody,
					refuseRefresh: faults.refuseRefresh,
				});
				const last = oauth.tokenRequests.at(-1);
				record.grantType = last.grantType;
				record.clientId = last.clientId;
				return send(status, body, { 'cache-control': 'no-store' });
			}
			const redirect = requestFaults.redirectFor(url, endpoint);
			if (redirect) {
				// The definitions have no 3xx answers: the redirect fault is off the contract by design.
				exchange.offContract.answer = 'redirect: a 3xx the definitions do not list';
				record.status = redirect.status;
				record.location = redirect.location;
				res.writeHead(redirect.status, {
					location: redirect.location,
					'content-length': '0',
					trackingid: trackingId(),
				});
				res.end();
				return;
			}
			const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
			const minted = token !== undefined && oauth ? oauth.caller(token) : undefined;
			const caller =
				minted !== undefined ? minted : token !== undefined ? tokens[token] : undefined;
			if (!caller) throw new WebexHttpError(401);
			if (bucket && !bucket.take()) {
				throw new WebexHttpError(429, MESSAGES[429], {
					'retry-after': String(options.rateLimit.retryAfter ?? 1),
				});
			}
			const rule = rules.match(endpoint, url.searchParams, dataRouteOf(endpoint));
			if (rule?.status === 'reset') {
				exchange.offContract.answer = 'reset: the connection dropped without an answer';
				record.status = 'reset';
				req.socket.destroy();
				return;
			}
			if (rule) {
				const retryAfter =
					rule.retryAfter instanceof Date ? rule.retryAfter.toUTCString() : rule.retryAfter;
				const headers = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {};
				const error = new WebexHttpError(
					rule.status,
					rule.message ?? MESSAGES[rule.status],
					headers,
				);
				// A test chooses the status (408, say) whether or not the definitions list it; the body
				// is still Webex's error body, and checked.
				error.offContract = { status: `fault rule: status ${rule.status} chosen by the test` };
				throw error;
			}
			if (CALL_HISTORY_PATHS.includes(endpoint)) {
				if (req.method !== 'GET') throw new WebexHttpError(405, 'Method not allowed.');
				const { host } = regionalPath(url.pathname);
				record.host = host;
				const { items, link } = callHistory.answer({
					path: endpoint,
					host,
					url,
					token,
					publicBase: faults.nextBaseUrl ?? origin,
				});
				return send(200, { items }, link ? { link } : {});
			}
			const serviceAppToken = oauth && SERVICE_APP_TOKEN_PATH.exec(url.pathname);
			if (serviceAppToken) {
				if (req.method !== 'POST') throw new WebexHttpError(405, 'Method not allowed.');
				const rawBody = await readBody(req);
				if (contract && exchange.operation)
					contractLog.report(
						record,
						contract.checkRequestBody(exchange.operation, {
							contentType: req.headers['content-type'],
							body: rawBody,
						}),
					);
				const { status, body } = oauth.answerServiceAppToken({
					applicationId: serviceAppToken[1],
					rawBody,
				});
				return send(status, body, { 'cache-control': 'no-store' });
			}
			const publicBase = `${faults.nextBaseUrl ?? origin}`;
			if (endpoint === '/v1/webhooks' || endpoint.startsWith('/v1/webhooks/')) {
				const rawBody = ['POST', 'PUT'].includes(req.method) ? await readBody(req) : '';
				if (contract && exchange.operation && rawBody)
					contractLog.report(
						record,
						contract.checkRequestBody(exchange.operation, {
							contentType: req.headers['content-type'],
							body: rawBody,
						}),
					);
				const { status, body, headers } = webhooks.answer({
					method: req.method,
					endpoint,
					caller,
					rawBody,
					url,
					publicBase,
				});
				if (status === 204) {
					record.status = 204;
					res.writeHead(204, { trackingid: trackingId() });
					return void res.end();
				}
				return send(status, body, headers);
			}
			const route = dataRouteOf(endpoint);
			if (req.method !== 'GET' && !OTHER_METHODS[route]?.includes(req.method))
				throw new WebexHttpError(405, 'Method not allowed.');
			const answer = answerData({
				data: {
					events,
					recordings,
					adminAudit,
					securityAudit,
					directory,
					transcripts,
					adminRecordings,
					archives,
					chats,
					meetingReports,
					orgs,
					webhooks,
					contents,
				},
				caller,
				person: people[caller.person],
				endpoint,
				url,
				timezone: req.headers.timezone,
				context: {
					now,
					publicBase,
					path: url.pathname,
					repeatLast: Boolean(faults.repeatAcrossPages),
				},
				flags: {
					adminAuditLink: Boolean(faults.adminAuditLink ?? options.adminAuditLink ?? false),
					chatsLink: Boolean(faults.chatsLink ?? options.chatsLink ?? false),
					proPack: faults.proPack ?? options.proPack ?? true,
					qualitiesIntervalMs: options.qualitiesIntervalMs ?? QUALITIES_INTERVAL_MS,
				},
			});
			if (answer.stream) return await sendStream(req, res, record, answer.stream);
			if (answer.file)
				return send(
					200,
					answer.file.body,
					{ 'content-type': answer.file.contentType },
					answer.file.offContract ? { body: answer.file.offContract } : {},
				);
			if (!answer.page)
				return send(200, answer.record, {}, answer.offContract ? { body: answer.offContract } : {});
			const page = pageAnswer(answer.page, {
				url,
				publicBase,
				faults,
				liveOffContract: events.offContract,
				offsetPaged: answer.offsetPaged,
			});
			send(200, page.body, page.headers, page.offContract);
		} catch (error) {
			if (res.headersSent) return void res.destroy();
			const body =
				error instanceof WebexHttpError
					? webexError(error.message)
					: webexError(`${MESSAGES[500]} ${error.message}`);
			const headers = error instanceof WebexHttpError ? error.headers : {};
			if (faults.echoAuthorization) {
				// As a badly written proxy would: the credential ends up in the error body.
				const echoed = req.headers.authorization ?? '';
				body.message = `${body.message} (Authorization: ${echoed})`;
				body.errors[0].description = body.message;
				headers.trackingid = body.trackingId;
				body.trackingId = echoed;
			}
			send(
				error instanceof WebexHttpError ? error.status : 500,
				body,
				headers,
				error.offContract ?? {},
			);
		}
	}

	/** Resolves when the answer takes more bytes, or has closed. */
	const drained = (res) =>
		new Promise((resolve) => {
			const done = () => {
				res.off('drain', done);
				res.off('close', done);
				resolve();
			};
			res.on('drain', done);
			res.on('close', done);
		});

	/** A file's headers, and its chunks unless HEAD was asked, as the socket takes them. */
	async function sendStream(req, res, record, { status, headers, chunks }) {
		record.status = status;
		res.writeHead(status, { trackingid: trackingId(), ...headers });
		if (req.method === 'HEAD') return void res.end();
		for (const chunk of chunks()) {
			if (res.destroyed) return;
			if (!res.write(chunk)) await drained(res);
		}
		res.end();
		record.answeredAt = Date.now();
	}

	const handler = (req, res) => {
		handle(req, res).catch(() => res.destroy());
	};
	const server = options.https
		? https.createServer(
				{ key: readFileSync(TLS_KEY_PATH), cert: readFileSync(TLS_CERT_PATH) },
				handler,
			)
		: http.createServer(handler);
	server.keepAliveTimeout = 5000;
	server.listen(options.port ?? 0, '127.0.0.1');
	await once(server, 'listening');
	const origin = `${scheme}://127.0.0.1:${server.address().port}`;

	return {
		origin,
		baseUrl: `${origin}/v1`,
		port: server.address().port,
		/** The PEM certificate to trust for `https: true` (undefined over http). */
		ca: options.https ? readFileSync(TLS_CERT_PATH, 'utf8') : undefined,
		people,
		formerPeople: former,
		events,
		recordings,
		adminAudit,
		securityAudit,
		/** The organisations: own, customers (with their audit data sets), visible (a Set of IDs). */
		orgs,
		transcripts,
		adminRecordings,
		archives,
		/** Post-meeting chats: chats(meetingId) → {count, at(n)} (see chats.mjs, allChats). */
		chats,
		/** Message files: bytes(id), add({name, type, bytes | size, scan}), setScan(id, scan), find(id). */
		contents,
		/** Meeting instances of the reports: at(i), range, stays(meeting), qualityCalls. */
		meetingReports,
		/**
		 * Webex Calling's call history (callHistory.mjs): dataset (add records), settings and set()
		 * (home region, limits), log (every request: token, kind, host, status, at), recordsIn().
		 */
		callHistory,
		/** Webhooks: all(), deliveries, settled(), and appear({resource, event, data, actor}). */
		webhooks,
		requests,
		latencyMs,
		latencyJitterMs,
		oauth,
		/**
		 * A Webex Service App API credential's data for this simulator, as a user enters it: the
		 * service app's client ID and secret and a refresh token newly issued, no access token.
		 */
		serviceAppCredentialData: () => ({
			clientId: oauth.serviceApp.clientId,
			clientSecret: oauth.serviceApp.clientSecret,
			refreshToken: oauth.issueServiceApp().refresh_token,
			baseUrl: 'custom',
			customBaseUrl: `${origin}/v1`,
		}),
		setFaults,
		clearRequests: () => requests.splice(0),
		/** What violated Webex's OpenAPI definitions so far: {text, operation, where, part, request}. */
		contractViolations: contractLog.violations,
		assertContract: contractLog.assertContract,
		/**
		 * Headers that exempt one request from the contract's request checks (its answer is still
		 * checked), for tests of the simulator that send invalid requests on purpose. Only code holding
		 * this simulator has them: the package's nodes never do.
		 */
		offContract: contractLog.offContract,
		/** Stops the server; then rejects if anything violated the definitions (see assertContract). */
		async close() {
			for (const socket of stalled) socket.destroy();
			stalled.clear();
			server.closeAllConnections();
			server.close();
			await once(server, 'close');
			contractLog.assertContract();
		},
	};
}
