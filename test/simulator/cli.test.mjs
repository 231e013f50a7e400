// `npm run simulator`: every data set createSimulator sizes has its flag, and a flag sizes it.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ORG_ID } from '../../simulator/people.mjs';
import { DAY_MS, iso, listAll } from '../helpers/simulatorRequests.mjs';

const CLI = fileURLToPath(new URL('../../simulator/cli.mjs', import.meta.url));
const SERVER = fileURLToPath(new URL('../../simulator/server.mjs', import.meta.url));
const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

describe('the simulator CLI', () => {
	it('has a flag for every count and span createSimulator takes with a number by default', () => {
		const help = execFileSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
		const sized = [...readFileSync(SERVER, 'utf8').matchAll(/options\.(\w+) \?\? \d/g)].map(
			([, name]) => name,
		);
		assert.ok(sized.includes('transcripts') && sized.includes('archiveSpanDays'), sized.join());
		const missing = sized.filter((name) => !help.includes(`--${kebab(name)} N`));
		assert.deepEqual(missing, []);
	});

	it('--admin-audit-events sizes the admin audit trail', { timeout: 20_000 }, async () => {
		const cli = spawn(process.execPath, [CLI, '--port', '0', '--admin-audit-events', '7'], {
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		try {
			let output = '';
			cli.stdout.setEncoding('utf8');
			const baseUrl = await new Promise((resolve, reject) => {
				cli.stdout.on('data', (chunk) => {
					output += chunk;
					const match = /listening on (\S+)/.exec(output);
					if (match) resolve(match[1]);
				});
				cli.once('exit', (code) => reject(new Error(`the CLI exited (${code}): ${output}`)));
			});
			const now = Date.now();
			const { ids } = await listAll(
				{ baseUrl },
				`/adminAudit/events?orgId=${ORG_ID}&from=${iso(now - 31 * DAY_MS)}&to=${iso(now)}&max=200`,
			);
			assert.equal(ids.length, 7);
		} finally {
			cli.kill('SIGTERM');
			if (cli.exitCode === null) await once(cli, 'exit');
		}
	});
});
