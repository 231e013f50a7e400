// The target families bench/run.mjs measures, in the order it measures them. A family is
// { targets, setUp?, run, tearDown? }:
// - targets: { [name]: { about, options } }, the names --targets takes, about for --help; options
//   lists the CLI options that apply besides --events, --recordings, --runs and --latency (which
//   apply to every target): with 'parallel' a row per --parallel value, else one with parallel null.
// - setUp({ runs }), once before the first row when one of its targets is selected; may resolve
//   to { startupMs } (results.json's startupMs).
// - run(context), at every latency, endpoint and size: context is { endpoint, endpointName, size,
//   anchor, simulator, rows: [{ target, parallel }], note(text) }. Resolves to the rows to measure,
//   [{ target, parallel, sample }], where sample() resolves to one run's { records, wallMs,
//   peakRssMb, orderHash, ... }; the runner adds requests, repeats it --runs times and sums up.
//   A family that cannot run a size notes why and resolves to [].
// - tearDown(), once at the end, also after a failure.
import floor from './floor.mjs';
import nodeInEngine from './node-in-engine.mjs';
import fileOutput from './file-output.mjs';
import realN8n from './real-n8n.mjs';

export const FAMILIES = [floor, nodeInEngine, realN8n, fileOutput];
