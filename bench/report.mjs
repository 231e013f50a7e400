// What the bench prints at the end: the Markdown table of every row, where the figures stand
// against the performance targets, and the notes.
import path from 'node:path';

import { jitterOf, recordingWindows } from './endpoints.mjs';
import { round } from './results.mjs';

const latencyLabel = (ms) => (ms ? `${ms} ± ${jitterOf(ms)}` : '0');

function printTable(results, runs, startupMs) {
	const rows = results.map(
		(r) =>
			`| ${latencyLabel(r.latencyMs)} | ${r.target} | ${r.parallel ?? '–'} | ${r.endpoint} | ${r.records.toLocaleString('en-US')} | ${r.requests} | ${r.wallMs.median} (${r.wallMs.min}–${r.wallMs.max}) | ${r.recordsPerSecond.toLocaleString('en-US')} | ${r.peakRssMb} | ${r.ratioToFloor ?? '–'} | ${r.sameOrderAsFloor === null ? '–' : r.sameOrderAsFloor ? 'yes' : 'NO'} |`,
	);
	console.log(`| latency ms | target | parallel | endpoint | records | requests | wall ms, median (min–max) | records/s | peak RSS MB | wall / floor | same records and order as floor |
| ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | :-: |
${rows.join('\n')}
`);
	console.log(
		`${runs} run(s) each, one process per run. parallel: the node option Parallel Requests (–: left out, the node's default). Real-n8n rows: \`n8n execute\` wall time minus a trivial workflow's (${startupMs === null ? '–' : round(startupMs)} ms).`,
	);
}

/** One line per performance target the rows measure. */
function targetLines(results, { latencies, eventSizes, recordingSizes, parallels }) {
	const find = (target, endpoint, size, latencyMs, parallel = null) =>
		results.find(
			(r) =>
				r.target === target &&
				r.endpoint === endpoint &&
				r.size === size &&
				r.latencyMs === latencyMs &&
				r.parallel === parallel,
		);
	const lines = [];
	for (const latencyMs of latencies.filter((ms) => ms > 0)) {
		const at = `at ${latencyLabel(latencyMs)} ms`;
		for (const size of eventSizes) {
			const floor = find('floor', 'events', size, latencyMs);
			if (!floor) continue;
			const events = `${size.toLocaleString('en-US')} events`;
			for (const [parallel, limit] of [
				[4, 0.35],
				[1, 1.1],
			]) {
				const node = find('node', 'events', size, latencyMs, parallel);
				if (node)
					lines.push(
						`- ${at}, ${events}: node with Parallel Requests ${parallel} ${node.ratioToFloor}x the floor's wall time (${node.wallMs.median} / ${floor.wallMs.median} ms; target: at most ${limit}x), same records and order as the floor: ${node.sameOrderAsFloor ? 'yes' : 'NO'} -> ${node.ratioToFloor <= limit && node.sameOrderAsFloor ? 'met' : 'MISSED'}.`,
					);
			}
		}
		for (const size of recordingSizes) {
			const sequential = find('node', 'recording', size, latencyMs, 1);
			const floor = find('floor', 'recording', size, latencyMs);
			for (const parallel of parallels.filter((p) => p === null || p > 1)) {
				const node = find('node', 'recording', size, latencyMs, parallel);
				if (!node || !(sequential || floor)) continue;
				const versus = [
					sequential &&
						`${round(sequential.wallMs.median / node.wallMs.median, 2)}x faster than Parallel Requests 1`,
					floor && `${round(floor.wallMs.median / node.wallMs.median, 2)}x faster than the floor`,
				].filter(Boolean);
				const speedup = Math.min(
					...[sequential, floor].filter(Boolean).map((r) => r.wallMs.median / node.wallMs.median),
				);
				lines.push(
					`- ${at}, a year of recording audit summaries (${node.records.toLocaleString('en-US')} in ${node.requests} requests, ${recordingWindows(0).length} windows): node with Parallel Requests ${parallel ?? 'default'} ${node.wallMs.median} ms, ${versus.join(', ')} (target: at least 3x faster than sequential), same records and order: ${node.sameOrderAsFloor ? 'yes' : 'NO'} -> ${speedup >= 3 && node.sameOrderAsFloor ? 'met' : 'MISSED'}.`,
				);
			}
		}
	}
	// At zero latency (the simulator answers at once), what the former targets measured.
	const node100k = find('node', 'events', 100_000, 0, parallels[0]);
	const floor100k = find('floor', 'events', 100_000, 0);
	if (node100k && floor100k)
		lines.push(
			`- At 0 ms, 100,000 events: node (Parallel Requests ${parallels[0] ?? 'default'}) ${node100k.wallMs.median} ms, ${node100k.ratioToFloor}x the floor's wall time (target: within 1.2x).`,
		);
	const inN8n100k = find('nodeInN8n', 'events', 100_000, 0, parallels[0]);
	const http100k = find('httpRequestNode', 'events', 100_000, 0);
	if (inN8n100k && http100k)
		lines.push(
			`- In the real n8n at 0 ms, 100,000 events: package ${inN8n100k.wallMs.median} ms, HTTP Request node ${http100k.wallMs.median} ms (${round(http100k.wallMs.median / inN8n100k.wallMs.median, 2)}x the package; target: package faster).`,
		);
	const node1m = find('node', 'events', 1_000_000, 0, parallels[0]);
	if (node1m && node100k)
		lines.push(
			`- Linearity at 0 ms: 1,000,000 / 100,000 events wall time ${round(node1m.wallMs.median / node100k.wallMs.median, 2)} (target: close to 10).`,
		);
	for (const r of results.filter((r) => r.target === 'node' && r.latencyMs === 0)) {
		lines.push(
			`- Memory, ${r.endpoint} ${r.records.toLocaleString('en-US')}, Parallel Requests ${r.parallel ?? 'default'}: records' JSON ${r.recordsJsonMb} MB; node's own work ${round(r.peakRssMb - r.baselineRssMb)} MB of peak RSS (${r.peakRssMb} − ${r.baselineRssMb} MB at start), ${round((r.peakRssMb - r.baselineRssMb) / r.recordsJsonMb, 2)}x; output kept alive after a full GC ${r.retainedMb} MB, ${round(r.retainedMb / r.recordsJsonMb, 2)}x (target: at most 2x).`,
		);
	}
	return lines;
}

/** settings: runs, latencies, eventSizes, recordingSizes, parallels, startupMs, out. */
export function printReport({ results, notes }, settings) {
	printTable(results, settings.runs, settings.startupMs);
	const lines = targetLines(results, settings);
	if (lines.length) console.log(`\nTargets:\n${lines.join('\n')}`);
	if (notes.length) console.log(`\nNotes:\n${notes.map((note) => `- ${note}`).join('\n')}`);
	console.log(`\nJSON: ${path.relative(process.cwd(), settings.out)}`);
}
