// This package through n8n's declarative engine (RoutingNode over an ExecuteContext from n8n-core,
// the harness the tests use), loaded from dist/. Run as its own process by bench/run.mjs:
// argv[2] is {type, parameters, items, credentials}; prints one JSON line.
import { runNode } from '../test/helpers/n8n.mjs';
import { orderHash } from './order.mjs';

const { type, parameters, items, credentials } = JSON.parse(process.argv[2]);
// bench/run.mjs starts this with --expose-gc: heap figures are taken after a full collection.
global.gc();
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const baselineHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
const started = performance.now();
const output = await runNode({ type, parameters, credentials, items });
const wallMs = performance.now() - started;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
global.gc();
// What the output items keep alive: the records and their n8n item wrappers.
const retainedMb = process.memoryUsage().heapUsed / 2 ** 20 - baselineHeapMb;

const idList = output.map((item) => item.json.id ?? item.json.recordingId);
const ids = new Set(idList);
if (ids.size !== output.length)
	throw new Error(`${output.length} records but ${ids.size} distinct ids`);
let jsonBytes = 0;
for (const item of output) jsonBytes += JSON.stringify(item.json).length;
console.log(
	JSON.stringify({
		records: output.length,
		wallMs,
		peakRssMb,
		baselineRssMb,
		retainedMb,
		recordsJsonMb: jsonBytes / 2 ** 20,
		orderHash: orderHash(idList),
	}),
);
