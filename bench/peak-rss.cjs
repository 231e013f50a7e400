// Loaded with NODE_OPTIONS=--require into a process under measurement (the real n8n): writes the
// process's peak resident set size to $WEBEX_AUDIT_BENCH_RSS_DIR/<pid>.json when it exits.
const { writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.WEBEX_AUDIT_BENCH_RSS_DIR;
if (dir) {
	process.on('exit', () => {
		writeFileSync(
			path.join(dir, `${process.pid}.json`),
			JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS }),
		);
	});
}
