// The rows as they are measured: each sampled --runs times, summed up, compared with the floor's
// row at the same size and latency, and bench/results.json written again after every row.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { jitterOf } from './endpoints.mjs';

export const log = (line) => console.error(`[bench] ${line}`);

/** The middle value; of an even number of values, the mean of the two middle ones. */
export const median = (list) => {
	const sorted = [...list].sort((a, b) => a - b);
	const middle = (sorted.length - 1) / 2;
	return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
};
export const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * One sample, tried again (up to twice, 20 s apart) if it fails: on a shared checkout another
 * `npm run build` can empty dist/ for a moment, and then n8n does not know the node.
 */
async function retried(sample) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await sample();
		} catch (error) {
			if (attempt === 3) throw error;
			log(
				`a run failed, trying again in 20 s: ${String(error.message).split('\n').slice(0, 12).join(' | ')}`,
			);
			await new Promise((resolve) => setTimeout(resolve, 20_000));
		}
	}
}

/** startupMs: the real n8n's start-up, subtracted from its rows (null: no real-n8n target). */
export function createResults({ runs, latencies, startupMs, out }) {
	const results = [];
	const notes = [];

	function write() {
		mkdirSync(path.dirname(out), { recursive: true });
		writeFileSync(
			out,
			`${JSON.stringify({ generatedAt: new Date().toISOString(), node: process.version, runs, latencies: latencies.map((latencyMs) => ({ latencyMs, jitterMs: jitterOf(latencyMs) })), startupMs: startupMs === null ? null : round(startupMs), results, notes }, null, 2)}\n`,
		);
	}

	/** Takes `runs` samples of one row and adds the row. */
	async function measure({ target, endpoint, size, latencyMs, parallel, sample }) {
		const samples = [];
		for (let run = 0; run < runs; run++) samples.push(await retried(sample));
		const wall = samples.map((one) => one.wallMs);
		const result = {
			target,
			endpoint,
			latencyMs,
			parallel,
			records: samples[0].records,
			requests: samples[0].requests,
			wallMs: {
				min: round(Math.min(...wall)),
				median: round(median(wall)),
				max: round(Math.max(...wall)),
			},
			peakRssMb: round(median(samples.map((one) => one.peakRssMb))),
			ratioToFloor: null,
			recordsPerSecond: Math.round(samples[0].records / (median(wall) / 1000)),
			size,
		};
		for (const key of [
			'baselineRssMb',
			'retainedMb',
			'recordsJsonMb',
			'startupMs',
			'fileMb',
			'peopleLookups',
		])
			if (samples[0][key] !== undefined)
				result[key] = round(median(samples.map((one) => one[key])));
		for (const key of ['output', 'rateLimitPerSecond', 'resolvePeople'])
			if (samples[0][key] !== undefined) result[key] = samples[0][key];
		if (samples[0].rateLimited !== undefined)
			result.rateLimitedShare = round(
				median(samples.map((one) => one.rateLimited / one.requests)),
				3,
			);
		const floor = results.find(
			(other) =>
				other.target === 'floor' &&
				other.endpoint === endpoint &&
				other.size === size &&
				other.latencyMs === latencyMs,
		);
		if (floor) result.ratioToFloor = round(result.wallMs.median / floor.wallMs.median, 2);
		// Every record once (checked in each run) and in the order the floor's sequential walk gives.
		const hashes = new Set(samples.map((one) => one.orderHash));
		if (hashes.size > 1)
			throw new Error(`${target} ${endpoint} ${size}: order differs between runs`);
		result.sameOrderAsFloor = floor ? floor.orderHash === samples[0].orderHash : null;
		result.orderHash = samples[0].orderHash;
		results.push(result);
		write(); // as it goes: a failure later keeps what was measured
		log(
			`${target}${parallel === null ? '' : ` parallel ${parallel}`} ${endpoint} ${size} at ${latencyMs} ms: ${result.records} records, ${result.requests} requests, median ${result.wallMs.median} ms, peak RSS ${result.peakRssMb} MB${floor ? `, ${result.ratioToFloor}x the floor, same order: ${result.sameOrderAsFloor}` : ''}`,
		);
	}

	return { results, notes, measure, write };
}
