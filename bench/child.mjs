// A bench script (floor.mjs, node.mjs) run as a process of its own, so that every run starts cold
// and its peak RSS is its own.
import { spawn } from 'node:child_process';
import path from 'node:path';

import { ROOT } from '../scripts/n8n.mjs';

/** Runs `node <script> <json>` and resolves to the JSON line it prints. */
export function runChild(script, input) {
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
