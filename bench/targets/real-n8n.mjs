// The pinned real n8n: `n8n execute` of a workflow, timed from spawn to exit minus the median run
// of a trivial workflow (n8n's start-up), with the peak RSS of that n8n process.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { createN8nHome, itemsOf, manualWorkflow, ROOT } from '../../scripts/n8n.mjs';
import { webexApiCredential } from '../endpoints.mjs';
import { orderHash } from '../order.mjs';
import { log, median, round } from '../results.mjs';
import { httpRequestWorkflow, nodeWorkflow } from './workflows.mjs';

// `n8n execute` prints the whole run as one JSON string: above V8's string limit (~512 MB, about
// 400,000 events) it cannot, so these targets stop at this size.
const MAX_RECORDS = 100_000;
const CREDENTIAL = { id: 'benchWebexCred01', name: 'Webex' };

let workflowSequence = 0;
const nextWorkflowId = () => `benchWorkflow${String(++workflowSequence).padStart(3, '0')}`;

/** The extraEnv of an `n8n execute` whose peak RSS is recorded in `rssDir`. */
const peakRssEnv = (rssDir) => ({
	NODE_OPTIONS: `--require ${path.join(ROOT, 'bench', 'peak-rss.cjs')} --max-old-space-size=16384`,
	WEBEX_AUDIT_BENCH_RSS_DIR: rssDir,
});

/**
 * An n8n home for a family of real-n8n targets, with the median `n8n execute` of a trivial
 * workflow (its start-up, subtracted from every row): {n8n, startupMs, execute(id) -> {run,
 * wallMs, peakRssMb}, remove()}.
 */
export async function createBenchN8n({ runs, extraEnv = {} }) {
	const rssDir = mkdtempSync(path.join(tmpdir(), 'webex-audit-bench-rss-'));
	const home = createN8nHome({ extraEnv }); // log level info: execute prints the run through the logger
	const execute = async (id) => {
		const { ok, run, output, wallMs, pid } = await home.execute(id, {
			extraEnv: peakRssEnv(rssDir),
		});
		if (!ok) throw new Error(`n8n execute ${id} failed:\n${output.slice(-4000)}`);
		const peak = JSON.parse(readFileSync(path.join(rssDir, `${pid}.json`), 'utf8'));
		for (const file of readdirSync(rssDir)) rmSync(path.join(rssDir, file));
		return { run, wallMs, peakRssMb: peak.maxRssKb / 1024 };
	};
	await home.importWorkflows([
		manualWorkflow('benchTrivial0001', {
			name: 'Nothing',
			type: 'n8n-nodes-base.noOp',
			parameters: {},
		}),
	]);
	await execute('benchTrivial0001'); // warm-up: the first run in a new home does one-time work
	const samples = [];
	for (let run = 0; run < Math.max(3, runs); run++) samples.push(await execute('benchTrivial0001'));
	const startupMs = median(samples.map((sample) => sample.wallMs));
	log(
		`n8n execute of a trivial workflow (start-up, subtracted): median ${round(startupMs)} ms, peak RSS ${round(median(samples.map((sample) => sample.peakRssMb)))} MB`,
	);
	return {
		n8n: home,
		startupMs,
		execute,
		remove() {
			home.remove();
			rmSync(rssDir, { recursive: true, force: true });
		},
	};
}

let bench;

/** One `n8n execute`: records, wallMs, peakRssMb, orderHash. */
async function executeInN8n(id, lastNode) {
	const { run, wallMs, peakRssMb } = await bench.execute(id);
	const items = itemsOf(run.data.resultData.runData, lastNode);
	const idList = items.map((item) => item.json.id ?? item.json.recordingId);
	const ids = new Set(idList);
	if (ids.size !== items.length)
		throw new Error(`${id}: ${items.length} records but ${ids.size} distinct ids`);
	return { records: items.length, wallMs, peakRssMb, orderHash: orderHash(idList) };
}

/** What each target runs in n8n: its workflow and the node whose items are the records. */
const WORKFLOWS = {
	nodeInN8n(id, { endpoint, simulator, size, anchor }, parallel) {
		const { items, parameters } = endpoint.nodeInput(simulator, size, anchor, parallel);
		if (items.length !== 1) throw new Error('real-n8n targets take one input item');
		return {
			workflow: nodeWorkflow(id, endpoint.nodeType, CREDENTIAL, parameters),
			lastNode: 'Webex',
		};
	},
	httpRequestNode: (id, { endpoint, simulator, anchor }) => ({
		workflow: httpRequestWorkflow(id, endpoint.floorUrls(simulator, anchor)),
		lastNode: 'Records',
	}),
};

export default {
	targets: {
		nodeInN8n: {
			about: `this package's node in the pinned real n8n, up to ${MAX_RECORDS.toLocaleString('en-US')} records`,
			options: ['parallel'],
		},
		httpRequestNode: {
			about: "n8n's HTTP Request node following the Link header, in the real n8n too",
			options: [],
		},
	},

	async setUp({ runs }) {
		bench = await createBenchN8n({ runs });
		return { startupMs: bench.startupMs };
	},

	async run(context) {
		const { endpointName, size, simulator, rows, note } = context;
		if (size > MAX_RECORDS) {
			note(
				`${[...new Set(rows.map((row) => row.target))].join(' and ')} skipped at ${size} ${endpointName}: \`n8n execute\` prints the run as one JSON string, which exceeds V8's string limit at this size.`,
			);
			return [];
		}
		await bench.n8n.importCredentials([
			{ ...CREDENTIAL, type: 'webexApi', data: webexApiCredential(simulator) },
		]);
		const planned = rows.map((row) => {
			const id = nextWorkflowId();
			return { ...row, id, ...WORKFLOWS[row.target](id, context, row.parallel) };
		});
		await bench.n8n.importWorkflows(planned.map((row) => row.workflow));
		return planned.map(({ target, parallel, id, lastNode }) => ({
			target,
			parallel,
			async sample() {
				const sample = await executeInN8n(id, lastNode);
				return { ...sample, wallMs: sample.wallMs - bench.startupMs, startupMs: bench.startupMs };
			},
		}));
	},

	tearDown() {
		bench?.remove();
	},
};
