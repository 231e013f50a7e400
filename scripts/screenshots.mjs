#!/usr/bin/env node
// npm run screenshots: the README's pictures of the editor, taken again. Starts `npm run dev` (with
// the simulator, in a temporary n8n home and on a free port), opens the compliance digest example
// in headless chromium, runs its Webex Events node with *Execute step*, and writes
//   docs/webex-events-output.png   the Webex Events node with its output
//   docs/example-workflow.png      the example workflow on the canvas after that run
// Everything it starts stops when it ends. Needs /usr/bin/chromium (installed when missing, as root).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
	closeNode,
	dismissToasts,
	ensureChromium,
	executeStep,
	launchBrowser,
	openNode,
	openWorkflow,
	signIn,
	sleep,
	startDev,
	zoomToFit,
} from './editor.mjs';
import { freePort, restClient, ROOT } from './n8n.mjs';

const WORKFLOW = 'Webex compliance digest to Slack (daily)';
const NODE = 'Webex Events';
const docs = path.join(ROOT, 'docs');

const missing = ensureChromium();
if (missing) {
	console.error(`[screenshots] ${missing}`);
	process.exit(1);
}

const home = mkdtempSync(path.join(tmpdir(), 'webex-audit-screenshots-'));
let dev;
let browser;
let code = 0;
try {
	console.log('[screenshots] starting npm run dev');
	dev = await startDev({ home, port: await freePort() });
	const n8n = restClient(dev.url);
	await n8n.signIn(dev.login);
	const workflow = (await n8n.request('GET', '/rest/workflows')).json.data.find(
		(candidate) => candidate.name === WORKFLOW,
	);
	if (!workflow) throw new Error(`the example "${WORKFLOW}" is not imported`);

	browser = await launchBrowser({ width: 1600, height: 900 });
	const { page } = browser;
	await signIn(page, dev.url, dev.login);
	await openWorkflow(page, dev.url, workflow.id);
	await openNode(page, NODE);
	const { items } = await executeStep(page);
	mkdirSync(docs, { recursive: true });
	await dismissToasts(page);
	await sleep(300);
	await page.screenshot({ path: path.join(docs, 'webex-events-output.png') });
	console.log(`[screenshots] docs/webex-events-output.png (${items} items)`);

	await closeNode(page);
	await page.setViewport({ width: 1280, height: 560 });
	await zoomToFit(page);
	await dismissToasts(page);
	await sleep(300);
	await page.screenshot({ path: path.join(docs, 'example-workflow.png') });
	console.log('[screenshots] docs/example-workflow.png');
} catch (error) {
	console.error(`[screenshots] ${error.stack ?? error}`);
	code = 1;
} finally {
	await browser?.close();
	await dev?.stop().catch(() => {});
	rmSync(home, { recursive: true, force: true });
}
process.exit(code);
