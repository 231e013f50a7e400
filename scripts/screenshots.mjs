#!/usr/bin/env node
// npm run screenshots: the README's pictures of the editor, taken again. Starts `npm run dev` (with
// the simulator, in a temporary n8n home and on a free port), opens the compliance digest example
// in headless chromium, runs its Webex Events node with *Execute step*, and writes
//   docs/webex-events-output.png   the Webex Events node with its output
//   docs/example-workflow.png      the example workflow on the canvas after that run
// and then every node panel (each node in each resource, operation and Source) with every filter and
// option added, one picture each (and one with Output CSV File where there is an Output), into
// --panels DIR (default: a new temporary folder; printed).
// Everything it starts stops when it ends. Needs /usr/bin/chromium (installed when missing, as root).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
	addEverythingOn,
	closeNode,
	createPanelsWorkflow,
	dismissToasts,
	ensureChromium,
	executeStep,
	launchBrowser,
	openNode,
	openWorkflow,
	PANELS,
	signIn,
	sleep,
	startDev,
	zoomToFit,
} from './editor.mjs';
import { freePort, PACKAGE_NAME, restClient, ROOT } from './n8n.mjs';

const WORKFLOW = 'Webex compliance digest to Slack (daily)';
const NODE = 'Webex Events';
const docs = path.join(ROOT, 'docs');
const { values } = parseArgs({ options: { panels: { type: 'string' } } });
const panels = values.panels
	? path.resolve(values.panels)
	: mkdtempSync(path.join(tmpdir(), 'webex-audit-panels-'));
// The credential `npm run dev` creates, as the examples refer to it.
const credentialId = JSON.parse(
	readFileSync(path.join(ROOT, 'examples', 'compliance-digest-to-slack.json'), 'utf8'),
).nodes.find((node) => node.credentials?.webexApi).credentials.webexApi.id;

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
	await sleep(800); // the table renders its rows after the count
	await page.screenshot({ path: path.join(docs, 'webex-events-output.png') });
	console.log(`[screenshots] docs/webex-events-output.png (${items} items)`);

	await closeNode(page);
	await page.setViewport({ width: 1280, height: 560 });
	await zoomToFit(page);
	await dismissToasts(page);
	await sleep(300);
	await page.screenshot({ path: path.join(docs, 'example-workflow.png') });
	console.log('[screenshots] docs/example-workflow.png');

	mkdirSync(panels, { recursive: true });
	await page.setViewport({ width: 1600, height: 1400 });
	await openWorkflow(
		page,
		dev.url,
		await createPanelsWorkflow(n8n, { prefix: PACKAGE_NAME, credentialId }),
	);
	for (const [index, panel] of PANELS.entries()) {
		await addEverythingOn(page, panel.name, {
			shot: async (label) => {
				await sleep(300);
				const file = `${String(index + 1).padStart(2, '0')}-${label.replace(/\W+/g, '-')}.png`;
				await page.screenshot({ path: path.join(panels, file) });
			},
		});
	}
	console.log(`[screenshots] every panel with every option added: ${panels}`);
} catch (error) {
	console.error(`[screenshots] ${error.stack ?? error}`);
	code = 1;
} finally {
	await browser?.close();
	await dev?.stop().catch(() => {});
	rmSync(home, { recursive: true, force: true });
}
process.exit(code);
