// Output JSON Lines in the real n8n (its default filesystem binary data mode): the node writes one
// file, n8n's Read/Write Files node puts it on disk, and the row checks its records against the
// floor's ids and order. No 100,000-record ceiling here: the run prints one item, not the records.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

import { itemsOf, manualWorkflow } from '../../scripts/n8n.mjs';
import { webexApiCredential } from '../endpoints.mjs';
import { orderHash } from '../order.mjs';
import { createBenchN8n } from './real-n8n.mjs';

const CREDENTIAL = { id: 'benchWebexFile01', name: 'Webex' };
const TARGETS = { fileInN8n: true, plainFileInN8n: false };

let bench;

/** The ids of a JSON Lines file, read as a stream (a million events is more than one string). */
async function idsInFile(file, gzip) {
	const input = createReadStream(file);
	const lines = createInterface({
		input: gzip ? input.pipe(createGunzip()) : input,
		crlfDelay: Infinity,
	});
	const ids = [];
	for await (const line of lines) if (line) ids.push(JSON.parse(line).id);
	return ids;
}
let outDir;
let sequence = 0;

/** Manual -> Webex Events (Output JSON Lines over the data set's whole range) -> Write File. */
function fileWorkflow(id, simulator, size, gzip, parallel) {
	const created = (index) => Date.parse(simulator.events.at(index).created);
	return manualWorkflow(
		id,
		{
			name: 'Webex',
			type: 'CUSTOM.webexEvents',
			parameters: {
				resource: 'event',
				operation: 'getAll',
				returnAll: true,
				filters: {
					from: new Date(created(size - 1) - 1).toISOString(),
					to: new Date(created(0) + 1).toISOString(),
				},
				options: {
					output: 'jsonLines',
					gzip,
					...(parallel === null ? {} : { parallelRequests: parallel }),
				},
			},
			credentials: { webexApi: CREDENTIAL },
		},
		{
			name: 'Write File',
			type: 'n8n-nodes-base.readWriteFile',
			parameters: {
				operation: 'write',
				fileName: `=${outDir}/${id}-{{ $json.fileName }}`,
				dataPropertyName: 'data',
				options: {},
			},
		},
	);
}

export default {
	targets: {
		fileInN8n: {
			about: 'the node writing one gzip JSON Lines file (Output) in the real n8n, any size',
			options: ['parallel'],
		},
		plainFileInN8n: {
			about: 'the same without gzip: what compression costs',
			options: ['parallel'],
		},
	},

	async setUp({ runs }) {
		outDir = mkdtempSync(path.join(tmpdir(), 'webex-audit-bench-files-'));
		bench = await createBenchN8n({ runs, extraEnv: { N8N_RESTRICT_FILE_ACCESS_TO: outDir } });
	},

	async run({ endpointName, size, simulator, rows, note }) {
		if (endpointName !== 'events') {
			note('fileInN8n targets run on events only.');
			return [];
		}
		await bench.n8n.importCredentials([
			{ ...CREDENTIAL, type: 'webexApi', data: webexApiCredential(simulator) },
		]);
		const planned = rows.map((row) => {
			const id = `benchFileFlow${String(++sequence).padStart(3, '0')}`;
			const gzip = TARGETS[row.target];
			return { ...row, id, gzip, workflow: fileWorkflow(id, simulator, size, gzip, row.parallel) };
		});
		await bench.n8n.importWorkflows(planned.map((row) => row.workflow));
		return planned.map(({ target, parallel, id, gzip }) => ({
			target,
			parallel,
			async sample() {
				const { run, wallMs, peakRssMb } = await bench.execute(id);
				const [item] = itemsOf(run.data.resultData.runData, 'Webex');
				const file = path.join(outDir, `${id}-${item.json.fileName}`);
				const fileBytes = statSync(file).size;
				const ids = await idsInFile(file, gzip);
				rmSync(file);
				if (ids.length !== item.json.records || new Set(ids).size !== ids.length)
					throw new Error(`${id}: ${item.json.records} records said, ${ids.length} in the file`);
				return {
					records: ids.length,
					wallMs: wallMs - bench.startupMs,
					startupMs: bench.startupMs,
					peakRssMb,
					orderHash: orderHash(ids),
					output: gzip ? 'jsonLines.gz' : 'jsonLines',
					fileMb: fileBytes / 1048576,
				};
			},
		}));
	},

	tearDown() {
		bench?.remove();
		if (outDir) rmSync(outDir, { recursive: true, force: true });
	},
};
