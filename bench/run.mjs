#!/usr/bin/env node
// npm run bench -- [--events 10000,100000,1000000] [--recordings 10000,100000] [--runs 3]
//                  [--targets floor,node,nodeInN8n,httpRequestNode]
// Side by side on the same simulator data, each run in a process of its own: the floor (a plain
// undici loop), this package through n8n's engine, and, in the pinned real n8n, this package's node
// and n8n's HTTP Request node following the Link header. Prints a Markdown table, writes
// bench/results.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { createN8nHome, itemsOf, manualWorkflow, ROOT } from '../scripts/n8n.mjs';
import { createSimulator } from '../test/simulator/server.mjs';

const DAY_MS = 86_400_000;
const TARGETS = ['floor', 'node', 'nodeInN8n', 'httpRequestNode'];
const EVENTS_PAGE = 1000;
const RECORDINGS_PAGE = 100;
// n8n's declarative engine overflows its stack above ~124,000 items per input item; the package
// stops at 100,000 per input item (README, "Limits worth knowing"), so larger runs use windows.
const RECORDS_PER_ITEM = 100_000;
// `n8n execute` prints the whole run as one JSON string: above V8's string limit (~512 MB, about
// 400,000 events) it cannot, so the real-n8n targets stop at this size.
const REAL_N8N_MAX_RECORDS = 100_000;
const TOKEN = 'sim-token';

const { values } = parseArgs({
	options: {
		events: { type: 'string', default: '10000,100000,1000000' },
		recordings: { type: 'string', default: '10000,100000' },
		runs: { type: 'string', default: '3' },
		targets: { type: 'string', default: TARGETS.join(',') },
		out: { type: 'string', default: path.join(ROOT, 'bench', 'results.json') },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(
		readFileSync(new URL(import.meta.url), 'utf8')
			.split('\n')
			.slice(1, 4)
			.join('\n')
			.replace(/^\/\/ ?/gm, ''),
	);
	process.exit(0);
}
const sizes = (list) =>
	list
		.split(',')
		.map(Number)
		.filter((n) => n > 0);
const eventSizes = sizes(values.events);
const recordingSizes = sizes(values.recordings);
const runs = Math.max(1, Number(values.runs));
const targets = values.targets.split(',');
for (const target of targets)
	if (!TARGETS.includes(target))
		throw new Error(`Unknown target ${target}; use ${TARGETS.join(', ')}`);

const log = (line) => console.error(`[bench] ${line}`);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs `node <script> <json>` and resolves to the JSON line it prints. */
function runChild(script, input) {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			[
				'--expose-gc',
				'--max-old-space-size=16384',
				path.join(ROOT, 'bench', script),
				JSON.stringify(input),
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('close', (code) =>
			code === 0
				? resolve(JSON.parse(stdout.trim().split('\n').at(-1)))
				: reject(new Error(`${script} exited ${code}:\n${stderr.slice(-3000)}`)),
		);
	});
}

// ---- What each target asks for, per endpoint -------------------------------------------------

/** Event windows of at most RECORDS_PER_ITEM events each, newest first (events are evenly spaced). */
function eventWindows(simulator, count) {
	if (count <= RECORDS_PER_ITEM) return [{}];
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

/** The recording audit's range (the simulator's year of data) in the API's 90-day windows, newest first. */
function recordingWindows(anchor) {
	const windows = [];
	const fromMs = anchor - 360 * DAY_MS;
	for (let to = anchor; to > fromMs; to -= 90 * DAY_MS)
		windows.push({
			from: new Date(Math.max(fromMs, to - 90 * DAY_MS)).toISOString(),
			to: new Date(to).toISOString(),
		});
	return windows;
}

const ENDPOINTS = {
	events: {
		path: '/events',
		simulatorOptions: (records) => ({ events: records, recordings: 0 }),
		floorUrls: (simulator) => [`${simulator.baseUrl}/events?max=${EVENTS_PAGE}`],
		nodeType: 'webexEvents',
		nodeInput(simulator, records) {
			const windows = eventWindows(simulator, records);
			return {
				items: windows.map((window) => ({ json: window })),
				parameters: {
					resource: 'event',
					operation: 'getAll',
					returnAll: true,
					filters:
						records > RECORDS_PER_ITEM ? { from: '={{ $json.from }}', to: '={{ $json.to }}' } : {},
					options: {},
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
			recordingSpanDays: 360,
		}),
		floorUrls: (simulator, anchor) =>
			recordingWindows(anchor).map(
				({ from, to }) =>
					`${simulator.baseUrl}/recordingReport/accessSummary?${new URLSearchParams({ from, to, hostEmail: 'all', max: String(RECORDINGS_PAGE) })}`,
			),
		nodeType: 'webexRecordingAudit',
		nodeInput: (simulator, records, anchor) => ({
			items: [{ json: {} }],
			parameters: {
				resource: 'recordingAuditSummary',
				operation: 'getAll',
				returnAll: true,
				filters: {
					hostEmail: 'all',
					from: new Date(anchor - 360 * DAY_MS).toISOString(),
					to: new Date(anchor).toISOString(),
				},
				options: {},
			},
		}),
	},
};

// ---- The real n8n ---------------------------------------------------------------------------

let n8n;
const rssDir = mkdtempSync(path.join(tmpdir(), 'webex-audit-bench-rss-'));

/** `n8n execute` of one workflow, timed from spawn to exit, with the peak RSS of that n8n process. */
async function executeInN8n(id, lastNode) {
	const { ok, run, output, wallMs, pid } = await n8n.execute(id, {
		extraEnv: {
			NODE_OPTIONS: `--require ${path.join(ROOT, 'bench', 'peak-rss.cjs')} --max-old-space-size=16384`,
			WEBEX_AUDIT_BENCH_RSS_DIR: rssDir,
		},
	});
	if (!ok) throw new Error(`n8n execute ${id} failed:\n${output.slice(-4000)}`);
	const items = itemsOf(run.data.resultData.runData, lastNode);
	const ids = new Set(items.map((item) => item.json.id ?? item.json.recordingId));
	if (ids.size !== items.length)
		throw new Error(`${id}: ${items.length} records but ${ids.size} distinct ids`);
	const peak = JSON.parse(readFileSync(path.join(rssDir, `${pid}.json`), 'utf8'));
	for (const file of readdirSync(rssDir)) rmSync(path.join(rssDir, file));
	return { records: items.length, wallMs, peakRssMb: peak.maxRssKb / 1024 };
}

/** Manual -> this package's node, as a user would configure it (Return All, default page size). */
function nodeWorkflow(id, endpoint, parameters) {
	return manualWorkflow(id, {
		name: 'Webex',
		type: `CUSTOM.${endpoint.nodeType}`,
		parameters,
		credentials: { webexApi: { id: 'benchWebexCred01', name: 'Webex' } },
	});
}

/**
 * Manual -> [the API's windows as items] -> HTTP Request following the Link header with its
 * pagination options -> Split Out `items`: one item per record, as the package gives.
 */
function httpRequestWorkflow(id, simulator, endpoint, anchor) {
	const urls = endpoint.floorUrls(simulator, anchor);
	const windows = {
		name: 'Windows',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'raw',
			jsonOutput: JSON.stringify({ urls }),
			includeOtherFields: false,
			options: {},
		},
	};
	const split = {
		name: 'One Item per URL',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'urls', include: 'noOtherFields', options: {} },
	};
	const http = {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'GET',
			url: '={{ $json.urls }}',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'responseContainsNextURL',
						nextURL: '={{ ($response.headers.link ?? "").match(/<([^>]+)>;\\s*rel="next"/)?.[1] }}',
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !/rel="next"/.test($response.headers.link ?? "") }}',
					},
				},
			},
		},
	};
	const records = {
		name: 'Records',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
	};
	return manualWorkflow(id, windows, split, http, records);
}

// ---- The runs -------------------------------------------------------------------------------

const results = [];
const notes = [];

async function measure(target, endpointName, size, once) {
	const samples = [];
	for (let run = 0; run < runs; run++) samples.push(await once());
	const wall = samples.map((sample) => sample.wallMs);
	const result = {
		target,
		endpoint: endpointName,
		records: samples[0].records,
		requests: samples[0].requests,
		wallMs: {
			min: round(Math.min(...wall)),
			median: round(median(wall)),
			max: round(Math.max(...wall)),
		},
		peakRssMb: round(median(samples.map((sample) => sample.peakRssMb))),
		ratioToFloor: null,
		recordsPerSecond: Math.round(samples[0].records / (median(wall) / 1000)),
		size,
	};
	for (const key of ['baselineRssMb', 'retainedMb', 'recordsJsonMb', 'startupMs'])
		if (samples[0][key] !== undefined)
			result[key] = round(median(samples.map((sample) => sample[key])));
	const floor = results.find(
		(other) => other.target === 'floor' && other.endpoint === endpointName && other.size === size,
	);
	if (floor) result.ratioToFloor = round(result.wallMs.median / floor.wallMs.median, 2);
	results.push(result);
	log(
		`${target} ${endpointName} ${size}: ${result.records} records, ${result.requests} requests, median ${result.wallMs.median} ms, peak RSS ${result.peakRssMb} MB`,
	);
}

async function benchmark(endpointName, size) {
	const endpoint = ENDPOINTS[endpointName];
	const anchor = Date.now() - 60_000;
	const simulator = await createSimulator({ port: 0, anchor, ...endpoint.simulatorOptions(size) });
	const requestsMade = () =>
		simulator.requests.filter((request) => request.path === `/v1${endpoint.path}`).length;
	const credentials = {
		webexApi: { accessToken: TOKEN, baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
	};
	const withRequests = async (work) => {
		simulator.clearRequests();
		const sample = await work();
		return { ...sample, requests: requestsMade() };
	};
	try {
		if (targets.includes('floor')) {
			await measure('floor', endpointName, size, () =>
				withRequests(() =>
					runChild('floor.mjs', { urls: endpoint.floorUrls(simulator, anchor), token: TOKEN }),
				),
			);
		}
		if (targets.includes('node')) {
			const { items, parameters } = endpoint.nodeInput(simulator, size, anchor);
			await measure('node', endpointName, size, () =>
				withRequests(() =>
					runChild('node.mjs', { type: endpoint.nodeType, parameters, items, credentials }),
				),
			);
		}
		const inN8n = targets.filter(
			(target) => target === 'nodeInN8n' || target === 'httpRequestNode',
		);
		if (inN8n.length && size > REAL_N8N_MAX_RECORDS) {
			notes.push(
				`${inN8n.join(' and ')} skipped at ${size} ${endpointName}: \`n8n execute\` prints the run as one JSON string, which exceeds V8's string limit at this size.`,
			);
		} else if (inN8n.length) {
			await n8n.importCredentials([
				{ id: 'benchWebexCred01', name: 'Webex', type: 'webexApi', data: credentials.webexApi },
			]);
			const { items, parameters } = endpoint.nodeInput(simulator, size, anchor);
			if (items.length !== 1) throw new Error('real-n8n targets take one input item');
			const ids = {
				nodeInN8n: `benchNode${endpointName}${size}`.slice(0, 21),
				httpRequestNode: `benchHttp${endpointName}${size}`.slice(0, 21),
			};
			await n8n.importWorkflows([
				nodeWorkflow(ids.nodeInN8n, endpoint, parameters),
				httpRequestWorkflow(ids.httpRequestNode, simulator, endpoint, anchor),
			]);
			for (const target of inN8n) {
				const lastNode = target === 'nodeInN8n' ? 'Webex' : 'Records';
				await measure(target, endpointName, size, () =>
					withRequests(async () => {
						const sample = await executeInN8n(ids[target], lastNode);
						return { ...sample, wallMs: sample.wallMs - startup.wallMs, startupMs: startup.wallMs };
					}),
				);
			}
		}
	} finally {
		await simulator.close();
	}
}

let startup;
if (targets.includes('nodeInN8n') || targets.includes('httpRequestNode')) {
	n8n = createN8nHome(); // log level info: execute prints the run through the logger
	await n8n.importWorkflows([
		manualWorkflow('benchTrivial0001', {
			name: 'Nothing',
			type: 'n8n-nodes-base.noOp',
			parameters: {},
		}),
	]);
	await executeInN8n('benchTrivial0001', 'Nothing'); // warm-up: the first run in a new home does one-time work
	const samples = [];
	for (let run = 0; run < Math.max(3, runs); run++)
		samples.push(await executeInN8n('benchTrivial0001', 'Nothing'));
	startup = {
		wallMs: median(samples.map((sample) => sample.wallMs)),
		peakRssMb: median(samples.map((sample) => sample.peakRssMb)),
	};
	log(
		`n8n execute of a trivial workflow (start-up, subtracted): median ${round(startup.wallMs)} ms, peak RSS ${round(startup.peakRssMb)} MB`,
	);
}

try {
	for (const size of eventSizes) await benchmark('events', size);
	for (const size of recordingSizes) await benchmark('recording', size);
} finally {
	n8n?.remove();
	rmSync(rssDir, { recursive: true, force: true });
}

// ---- Report ---------------------------------------------------------------------------------

mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(
	values.out,
	`${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, runs, startupMs: startup ? round(startup.wallMs) : null, results, notes }, null, 2)}\n`,
);

const rows = results.map(
	(r) =>
		`| ${r.target} | ${r.endpoint} | ${r.records.toLocaleString('en-US')} | ${r.requests} | ${r.wallMs.median} (${r.wallMs.min}–${r.wallMs.max}) | ${r.recordsPerSecond.toLocaleString('en-US')} | ${r.peakRssMb} | ${r.ratioToFloor ?? '–'} |`,
);
console.log(`| target | endpoint | records | requests | wall ms, median (min–max) | records/s | peak RSS MB | wall / floor |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}
`);
console.log(
	`${runs} run(s) each, one process per run. Real-n8n rows: \`n8n execute\` wall time minus a trivial workflow's (${startup ? round(startup.wallMs) : '–'} ms).`,
);

const find = (target, endpoint, size) =>
	results.find((r) => r.target === target && r.endpoint === endpoint && r.size === size);
const targetsReport = [];
const node100k = find('node', 'events', 100_000);
const floor100k = find('floor', 'events', 100_000);
if (node100k && floor100k)
	targetsReport.push(
		`- Package vs floor at 100,000 events: ${node100k.ratioToFloor}x the floor's wall time (target: within 1.2x).`,
	);
const inN8n100k = find('nodeInN8n', 'events', 100_000);
const http100k = find('httpRequestNode', 'events', 100_000);
if (inN8n100k && http100k)
	targetsReport.push(
		`- In the real n8n at 100,000 events: package ${inN8n100k.wallMs.median} ms, HTTP Request node ${http100k.wallMs.median} ms (${round(http100k.wallMs.median / inN8n100k.wallMs.median, 2)}x the package; target: package faster).`,
	);
const node1m = find('node', 'events', 1_000_000);
if (node1m && node100k)
	targetsReport.push(
		`- Linearity: 1,000,000 / 100,000 events wall time ${round(node1m.wallMs.median / node100k.wallMs.median, 2)} (target: close to 10).`,
	);
for (const r of results.filter((r) => r.target === 'node')) {
	targetsReport.push(
		`- Memory, ${r.endpoint} ${r.records.toLocaleString('en-US')}: records' JSON ${r.recordsJsonMb} MB; node's own work ${round(r.peakRssMb - r.baselineRssMb)} MB of peak RSS (${r.peakRssMb} − ${r.baselineRssMb} MB at start), ${round((r.peakRssMb - r.baselineRssMb) / r.recordsJsonMb, 2)}x; output kept alive after a full GC ${r.retainedMb} MB, ${round(r.retainedMb / r.recordsJsonMb, 2)}x (target: at most 2x).`,
	);
}
if (targetsReport.length) console.log(`\nTargets:\n${targetsReport.join('\n')}`);
if (notes.length) console.log(`\nNotes:\n${notes.map((note) => `- ${note}`).join('\n')}`);
console.log(`\nJSON: ${path.relative(process.cwd(), values.out)}`);
