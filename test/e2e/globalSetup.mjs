// The global setup of `npm run test:e2e` and `test:e2e:1x` (node --test --test-global-setup): starts
// the n8n the end-to-end files share (test/e2e/sharedN8n.mjs) once for the whole run, and stops
// it at the end.
import { startSharedN8n } from './sharedN8n.mjs';

let shared;

export async function globalSetup() {
	const started = performance.now();
	shared = await startSharedN8n();
	process.env.WEBEX_AUDIT_SHARED_N8N = shared.stateFile;
	console.log(
		`the shared n8n ${shared.state.version} is ready on ${shared.state.url} in ${Math.round((performance.now() - started) / 1000)} s`,
	);
}

export async function globalTeardown() {
	await shared?.stop();
}
