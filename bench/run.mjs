#!/usr/bin/env node
// npm run bench -- [--events 10000,100000,1000000] [--recordings 10000,100000] [--runs 3]
//                  [--targets floor,node,nodeInN8n,httpRequestNode] [--latency 0,150]
//                  [--parallel default,1,4]
// --latency: the simulator's delay per request in ms, with a jitter of one third of it (150: 150 ± 50
// ms), every size at every value (default 0). --parallel: the `node` and `nodeInN8n` targets run once
// per value with the node option Parallel Requests set to it (1 to 8; `default` leaves it out, i.e.
// the node's default; default: default).
// Side by side on the same simulator data, each run in a process of its own: the floor (a plain
// undici loop), this package through n8n's engine, and, in the pinned real n8n, this package's node
// and n8n's HTTP Request node following the Link header. Prints a Markdown table, writes
// bench/results.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { createN8nHome, itemsOf, manualWorkflow, ROOT } from '../scripts/n8n.mjs';
import { createSimulator } from '../test/simulator/server.mjs';
import { ENDPOINTS, jitterOf, TOKEN, webexApiCredential } from './endpoints.mjs';
import { orderHash } from './order.mjs';
import { printReport } from './report.mjs';
import { createResults, log, median, round } from './results.mjs';

const TARGETS = ['floor', 'node', 'nodeInN8n', 'httpRequestNode'];
// `n8n execute` prints the whole run as one JSON string: above V8's string limit (~512 MB, about
// 400,000 events) it cannot, so the real-n8n targets stop at this size.
const REAL_N8N_MAX_RECORDS = 100_000;

const { values } = parseArgs({
	options: {
		events: { type: 'string', default: '10000,100000,1000000' },
		recordings: { type: 'string', default: '10000,100000' },
		runs: { type: 'string', default: '3' },
		targets: { type: 'string', default: TARGETS.join(',') },
		latency: { type: 'string', default: '0' },
		parallel: { type: 'string', default: 'default' },
		out: { type: 'string', default: path.join(ROOT, 'bench', 'results.json') },
		help: { type: 'boolean', default: false },
	},
});
if (values.help) {
	console.log(
		readFileSync(new URL(import.meta.url), 'utf8')
			.split('\n')
			.slice(1, 12)
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
const latencies = [
	...new Set(
		values.latency.split(',').map((value) => {
			const ms = Number(value);
			if (value.trim() === '' || !Number.isInteger(ms) || ms < 0)
				throw new Error(`--latency takes whole milliseconds, 0 or more: ${value}`);
			return ms;
		}),
	),
];
/** null: leave the option out (the node's default). */
const parallels = [
	...new Set(
		values.parallel.split(',').map((value) => {
			if (value.trim() === 'default') return null;
			const count = Number(value);
			if (!Number.isInteger(count) || count < 1 || count > 8)
				throw new Error(`--parallel takes 1 to 8 or default: ${value}`);
			return count;
		}),
	),
];
for (const target of targets)
	if (!TARGETS.includes(target))
		throw new Error(`Unknown target ${target}; use ${TARGETS.join(', ')}`);

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
	const idList = items.map((item) => item.json.id ?? item.json.recordingId);
	const ids = new Set(idList);
	if (ids.size !== items.length)
		throw new Error(`${id}: ${items.length} records but ${ids.size} distinct ids`);
	const peak = JSON.parse(readFileSync(path.join(rssDir, `${pid}.json`), 'utf8'));
	for (const file of readdirSync(rssDir)) rmSync(path.join(rssDir, file));
	return {
		records: items.length,
		wallMs,
		peakRssMb: peak.maxRssKb / 1024,
		orderHash: orderHash(idList),
	};
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

let workflowSequence = 0;
const nextWorkflowId = () => `benchWorkflow${String(++workflowSequence).padStart(3, '0')}`;

async function benchmark(results, endpointName, size, latencyMs) {
	const endpoint = ENDPOINTS[endpointName];
	// A whole second, so that From/To name the same instants however a target writes them.
	const anchor = Math.floor((Date.now() - 60_000) / 1000) * 1000;
	const simulator = await createSimulator({
		port: 0,
		anchor,
		latencyMs,
		latencyJitterMs: jitterOf(latencyMs),
		...endpoint.simulatorOptions(size),
	});
	const requestsMade = () =>
		simulator.requests.filter((request) => request.path === `/v1${endpoint.path}`).length;
	const credentials = { webexApi: webexApiCredential(simulator) };
	const withRequests = async (work) => {
		simulator.clearRequests();
		const sample = await work();
		return { ...sample, requests: requestsMade() };
	};
	try {
		if (targets.includes('floor')) {
			await results.measure({
				target: 'floor',
				endpoint: endpointName,
				size,
				latencyMs,
				parallel: null,
				sample: () =>
					withRequests(() =>
						runChild('floor.mjs', { urls: endpoint.floorUrls(simulator, anchor), token: TOKEN }),
					),
			});
		}
		if (targets.includes('node')) {
			for (const parallel of parallels) {
				const { items, parameters } = endpoint.nodeInput(simulator, size, anchor, parallel);
				await results.measure({
					target: 'node',
					endpoint: endpointName,
					size,
					latencyMs,
					parallel,
					sample: () =>
						withRequests(() =>
							runChild('node.mjs', { type: endpoint.nodeType, parameters, items, credentials }),
						),
				});
			}
		}
		const inN8n = targets.filter(
			(target) => target === 'nodeInN8n' || target === 'httpRequestNode',
		);
		if (inN8n.length && size > REAL_N8N_MAX_RECORDS) {
			results.notes.push(
				`${inN8n.join(' and ')} skipped at ${size} ${endpointName}: \`n8n execute\` prints the run as one JSON string, which exceeds V8's string limit at this size.`,
			);
		} else if (inN8n.length) {
			await n8n.importCredentials([
				{ id: 'benchWebexCred01', name: 'Webex', type: 'webexApi', data: credentials.webexApi },
			]);
			// [target, parallel, workflow id, last node]
			const runsInN8n = [];
			const workflows = [];
			if (inN8n.includes('nodeInN8n')) {
				for (const parallel of parallels) {
					const { items, parameters } = endpoint.nodeInput(simulator, size, anchor, parallel);
					if (items.length !== 1) throw new Error('real-n8n targets take one input item');
					const id = nextWorkflowId();
					workflows.push(nodeWorkflow(id, endpoint, parameters));
					runsInN8n.push(['nodeInN8n', parallel, id, 'Webex']);
				}
			}
			if (inN8n.includes('httpRequestNode')) {
				const id = nextWorkflowId();
				workflows.push(httpRequestWorkflow(id, simulator, endpoint, anchor));
				runsInN8n.push(['httpRequestNode', null, id, 'Records']);
			}
			await n8n.importWorkflows(workflows);
			for (const [target, parallel, id, lastNode] of runsInN8n) {
				await results.measure({
					target,
					endpoint: endpointName,
					size,
					latencyMs,
					parallel,
					sample: () =>
						withRequests(async () => {
							const sample = await executeInN8n(id, lastNode);
							return {
								...sample,
								wallMs: sample.wallMs - startup.wallMs,
								startupMs: startup.wallMs,
							};
						}),
				});
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

const results = createResults({
	runs,
	latencies,
	startupMs: startup ? startup.wallMs : null,
	out: values.out,
});
try {
	for (const latencyMs of latencies) {
		for (const size of eventSizes) await benchmark(results, 'events', size, latencyMs);
		for (const size of recordingSizes) await benchmark(results, 'recording', size, latencyMs);
	}
} finally {
	n8n?.remove();
	rmSync(rssDir, { recursive: true, force: true });
}

results.write();
printReport(results, {
	runs,
	latencies,
	eventSizes,
	recordingSizes,
	parallels,
	startupMs: startup ? startup.wallMs : null,
	out: values.out,
});
