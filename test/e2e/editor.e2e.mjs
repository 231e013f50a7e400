// The editor as a person sees it: `npm run dev` (with the simulator), then Debian's chromium,
// driven by puppeteer-core, signs in with the printed login, opens each example workflow, opens its
// Webex node, clicks *Execute step*, and finds the items in the output panel: the count shown is
// the number of items n8n's run holds, and the table shows the records' fields and the first
// record's values. Then it opens every node panel (each node in each resource, operation and
// Source), adds every filter and option, and checks what a user sees: no label cut short, Gzip and
// Put Output File in Field only with a file Output, Service Type only with Converged Recordings,
// each Source's own Page Size, and Fetch Test Event showing events with Start From = Now.
// Screenshots on the way go to a temporary folder (printed; kept on failure).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import {
	addableOptions,
	addEverythingOn,
	chooseOption,
	closeNode,
	createPanelsWorkflow,
	ensureChromium,
	executeStep,
	launchBrowser,
	openNode,
	openWorkflow,
	outputShowing,
	PANELS,
	settled,
	shownLabels,
	signIn,
	startDev,
} from '../../scripts/editor.mjs';
import { ensureN8n, freePort, PACKAGE_NAME, restClient, ROOT } from '../../scripts/n8n.mjs';

// n8n stores execution data in the `flatted` format; read it with n8n's own copy.
const { parse: unflatten } = createRequire(path.resolve(ensureN8n(), '../../n8n/package.json'))(
	'flatted',
);

// Call history: Webex allows one first request a minute per token (the transport waits for it). The
// trigger's example goes last, so that the other examples' run fills that minute after the call
// history example's last window instead of a wait.
const lastOfAll = (example) => example.webexNode.type.endsWith('.webexCallHistoryTrigger');
const examples = readdirSync(path.join(ROOT, 'examples'))
	.filter((file) => file.endsWith('.json'))
	.sort()
	.map((file) => {
		const workflow = JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));
		return {
			file,
			name: workflow.name,
			webexNode: workflow.nodes.find((node) => node.type.startsWith(`${PACKAGE_NAME}.`)),
		};
	})
	.sort((a, b) => lastOfAll(a) - lastOfAll(b));
// What the output table shows of each node's records: its columns, and the field the first row is checked by.
const COLUMNS = {
	[`${PACKAGE_NAME}.webexEvents`]: {
		columns: ['created', 'resource', 'type', 'personEmail', 'text', 'actorId'],
		key: 'created',
	},
	// The trigger's Fetch Test Event (the post-meeting chats example): events as Webex sends them.
	[`${PACKAGE_NAME}.webexEventsTrigger`]: {
		columns: ['id', 'resource', 'type', 'actorId', 'created'],
		key: 'id',
	},
	[`${PACKAGE_NAME}.webexRecordingAudit`]: {
		columns: ['recordingId', 'topic', 'timeRecorded', 'hostEmail', 'viewCount', 'downloadCount'],
		key: 'recordingId',
	},
	// Transcripts and simplified recordings (the two examples) share these columns.
	[`${PACKAGE_NAME}.webexMeetingCompliance`]: { columns: ['siteUrl', 'status', 'id'], key: 'id' },
	// Both examples list meetings of every site, simplified.
	[`${PACKAGE_NAME}.webexMeetingReports`]: {
		columns: ['start', 'meetingTitle', 'hostEmail', 'siteUrl', 'meetingId'],
		key: 'meetingId',
	},
	// The trigger's Fetch Test Event (the after-hours calls example), simplified.
	[`${PACKAGE_NAME}.webexCallHistoryTrigger`]: {
		columns: ['reportId', 'startTime', 'answerTime', 'releaseTime'],
		key: 'reportId',
	},
	[`${PACKAGE_NAME}.webexAdminAudit`]: {
		columns: ['id', 'created', 'actorName', 'actorEmail', 'eventCategory', 'actionText'],
		key: 'id',
	},
};

/**
 * What the output panel must show after a Webex node's run, each as `{ what, isIn(text) }`: a file
 * Output or Download Files shows the Binary view (field, file name, Download); items show the
 * node's columns, each as a word of its own (table header or schema rows), and the first record's key.
 */
function expectedInOutput(webexNode, records) {
	const contains = (shown) => ({ what: shown, isIn: (text) => text.includes(shown) });
	if ((webexNode.parameters.options?.output ?? 'items') !== 'items')
		return ['data', records[0].fileName, 'application/gzip', 'Download'].map(contains);
	if (webexNode.parameters.options?.downloadFiles) {
		const file = records
			.flatMap((record) => record.fileDownloads ?? [])
			.find((download) => download.binaryField);
		assert.ok(file, 'a file was downloaded');
		return [file.binaryField, file.fileName, 'Download'].map(contains);
	}
	const { columns, key } = COLUMNS[webexNode.type];
	return [
		...columns.map((column) => ({
			what: `column ${column}`,
			isIn: (text) => text.split(/\s+/).includes(column),
		})),
		{ ...contains(records[0][key]), what: `the first record (${key} ${records[0][key]})` },
	];
}

const skip = ensureChromium();
if (skip) console.log(`# editor.e2e skipped: ${skip}`);

describe('the editor in a browser (npm run dev, chromium)', { skip }, () => {
	const home = mkdtempSync(path.join(tmpdir(), 'webex-audit-editor-'));
	const shots = mkdtempSync(path.join(tmpdir(), 'webex-audit-editor-shots-'));
	let dev;
	let browser;
	let failed = false;
	const shot = async (name) => {
		mkdirSync(shots, { recursive: true });
		await browser.page.screenshot({ path: path.join(shots, `${name}.png`) });
	};

	before(
		async () => {
			dev = await startDev({ home, port: await freePort() });
			browser = await launchBrowser();
		},
		{ timeout: 480_000 },
	);
	after(
		async () => {
			if (failed && browser) await shot('failure').catch(() => {});
			await browser?.close();
			await dev?.stop().catch(() => {});
			rmSync(home, { recursive: true, force: true });
			console.log(`# editor.e2e screenshots: ${shots}`);
		},
		{ timeout: 120_000 },
	);

	it('signs in with the login npm run dev prints', { timeout: 60_000 }, async () => {
		try {
			assert.ok(dev.login.email && dev.login.password, dev.output());
			await signIn(browser.page, dev.url, dev.login);
			await shot('01-signed-in');
		} catch (error) {
			failed = true;
			throw error;
		}
	});

	for (const [index, example] of examples.entries()) {
		it(
			`${example.file}: Execute step on ${example.webexNode.name} shows its items in the output panel`,
			{ timeout: 300_000 },
			async () => {
				try {
					const { page } = browser;
					const n8n = restClient(dev.url);
					await n8n.signIn(dev.login);
					const workflow = (await n8n.request('GET', '/rest/workflows')).json.data.find(
						(candidate) => candidate.name === example.name,
					);
					assert.ok(workflow, `${example.name} is imported`);

					const onCanvas = await openWorkflow(page, dev.url, workflow.id);
					assert.ok(
						onCanvas.includes(example.webexNode.name),
						`${example.webexNode.name} is on the canvas: ${onCanvas.join(', ')}`,
					);
					await shot(`${index + 2}a-${example.file.replace('.json', '')}-canvas`);

					await openNode(page, example.webexNode.name);
					// Call history (the node and the trigger): Webex's one first request a minute per
					// token, two windows for a day: up to two minutes.
					const { items } = await executeStep(page, {
						timeoutMs: example.webexNode.type.includes('.webexCallHistory') ? 240_000 : 90_000,
					});

					// The count shown is the run's: the latest execution of this workflow, as n8n saved it
					// (the editor shows the count before the save).
					const { json } = await n8n.request(
						'GET',
						`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: workflow.id }))}&limit=1`,
					);
					const [latest] = json.data.results;
					const execution = await n8n.endedExecution(latest.id, { what: example.file });
					assert.equal(execution.status, 'success');
					const records = unflatten(execution.data).resultData.runData[
						example.webexNode.name
					][0].data.main[0].map((item) => item.json);
					assert.ok(items > 0, `${example.webexNode.name} returned items`);
					assert.equal(
						items,
						records.length,
						'the output panel shows as many items as the run holds',
					);

					// The table (or the Binary view) shows the records, once rendered after the count.
					const shownInOutput = expectedInOutput(example.webexNode, records);
					const text = await outputShowing(page, (shown) =>
						shownInOutput.every(({ isIn }) => isIn(shown)),
					);
					for (const { what, isIn } of shownInOutput)
						assert.ok(isIn(text), `${what} is shown: ${text.slice(0, 500)}`);
					await shot(`${index + 2}b-${example.file.replace('.json', '')}-output`);

					await closeNode(page);
					await shot(`${index + 2}c-${example.file.replace('.json', '')}-canvas-after-run`);
				} catch (error) {
					failed = true;
					throw error;
				}
			},
		);
	}

	it(
		'every panel: every filter and option added at its default reads uncut, file options only with a file Output',
		{ timeout: 900_000 },
		async () => {
			try {
				const { page } = browser;
				const n8n = restClient(dev.url);
				await n8n.signIn(dev.login);
				const credentialId = examples.find(({ webexNode }) => webexNode.credentials.webexApi)
					.webexNode.credentials.webexApi.id;
				const id = await createPanelsWorkflow(n8n, { prefix: PACKAGE_NAME, credentialId });
				await openWorkflow(page, dev.url, id);
				for (const [index, panel] of PANELS.entries()) {
					const result = await addEverythingOn(page, panel.name, {
						shot: (label) => shot(`panel-${index + 1}-${label.replace(/\W+/g, '-')}`),
					});
					assert.ok(result.options.length > 0, `${panel.name}: options were added`);
					for (const labels of [result.labels, result.labelsWithFile].filter(Boolean)) {
						const cut = labels.filter((label) => label.cut).map((label) => label.text);
						assert.deepEqual(cut, [], `${panel.name}: labels cut short`);
						for (const added of [...result.filters, ...result.options])
							assert.ok(
								labels.some((label) => label.text === added),
								`${added} is shown`,
							);
					}
					if (result.options.includes('Output')) {
						assert.deepEqual(result.fileOptionsWithItems, [], `${panel.name}: with Output Items`);
						assert.deepEqual(result.fileOptions, ['Gzip', 'Put Output File in Field']);
					}
					// Webex Events' Service Type waits for its Resource; a recording's and a usage
					// report's is a filter of its own.
					if (!['webexMeetingCompliance', 'webexMeetingReports'].includes(panel.type))
						assert.ok(!result.filters.includes('Service Type'), 'Service Type needs its Resource');
				}

				// The label check sees a cut label: the one this package had (on the first panel).
				await openNode(page, PANELS[0].name);
				await page.evaluate(() => {
					const labels = document.querySelectorAll(
						'[data-test-id="ndv"] [data-test-id="input-label"] label',
					);
					const label = [...labels].find((element) =>
						element.innerText.startsWith('Max Rate Limit Wait'),
					);
					label.querySelector('span').textContent = 'Max Rate Limit Wait (Seconds)';
				});
				assert.ok(
					(await shownLabels(page)).find((label) => label.text.startsWith('Max Rate Limit Wait'))
						.cut,
					'the former label "Max Rate Limit Wait (Seconds)" is seen as cut',
				);
				// Service Type is offered once Resource is Converged Recordings.
				await chooseOption(page, 'eventResource', 'Converged Recordings');
				const filters = await settled(
					() => addableOptions(page, 'Add Filter'),
					(offered) => offered.includes('Service Type'),
				);
				assert.ok(filters.includes('Service Type'), `Add Filter offers ${filters.join(', ')}`);
				await closeNode(page);

				// Each Source's Page Size is its own largest page, and Fetch Test Event shows the newest
				// events with Start From = Now (every option added).
				for (const [name, pageSize] of [
					['Webex Admin Audit Trigger', '200'],
					['Webex Admin Audit Trigger: Security', '1000'],
					['Webex Events Trigger', '1000'],
				]) {
					await openNode(page, name);
					const value = await settled(
						() =>
							page
								.$eval(
									'[data-test-id="ndv"] [data-test-id="parameter-input-pageSize"] input',
									(input) => input.value,
								)
								.catch(() => undefined),
						(shown) => shown === pageSize,
					);
					assert.equal(value, pageSize, `${name}: Page Size`);
					const { items } = await executeStep(page);
					assert.ok(items > 0, `${name}: Fetch Test Event shows events`);
					await shot(`panel-fetch-${name.replace(/\W+/g, '-')}`);
					await closeNode(page);
				}
			} catch (error) {
				failed = true;
				throw error;
			}
		},
	);
});
