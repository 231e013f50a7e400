// `npm run dev` as a child process, and n8n's editor in a headless browser (Debian's chromium, or
// the browser CHROMIUM_PATH names, driven by puppeteer-core). Used by test/e2e/dev.e2e.mjs, test/e2e/editor.e2e.mjs and
// scripts/screenshots.mjs. Every wait is bounded.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ROOT, waitFor } from './n8n.mjs';

/**
 * The browser: CHROMIUM_PATH when set (on GitHub's Ubuntu runners the Google Chrome they have, as
 * Ubuntu's chromium package is only a snap stub), else Debian's chromium.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Starts scripts/dev.mjs (`npm run dev`) with the given home, port and extra environment, and
 * waits until it prints that n8n is ready. Resolves to {child, url, login, webexApi, simulatorUrl,
 * output(), stop()}. The process stops by itself (SIGTERM, which stops n8n and the simulator) after
 * `maxLifeMs`; stop() sends Ctrl-C and waits for it, SIGKILL after 60 s.
 */
export async function startDev({
	home,
	port,
	env = {},
	readyTimeoutMs = 360_000,
	maxLifeMs = 20 * 60_000,
}) {
	const child = spawn(
		process.execPath,
		['scripts/dev.mjs', '--home', home, '--port', String(port)],
		{
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, WEBEX_TOKEN: '', ...env },
			timeout: maxLifeMs,
			killSignal: 'SIGTERM',
		},
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = () => child.exitCode !== null || child.signalCode !== null;
	const stop = async () => {
		if (exited()) return child.exitCode;
		child.kill('SIGINT');
		try {
			await waitFor(exited, 60_000, 'npm run dev to stop');
		} catch (error) {
			child.kill('SIGKILL');
			throw error;
		}
		return child.exitCode;
	};
	await waitFor(
		() => output.includes('Ctrl-C stops') || exited(),
		readyTimeoutMs,
		'npm run dev to print the editor URL',
	).catch(async (error) => {
		await stop().catch(() => {});
		throw new Error(`${error.message}\n${output}`);
	});
	if (exited())
		throw new Error(`npm run dev exited (${child.exitCode ?? child.signalCode}):\n${output}`);
	const [, email, password] = /Login: +(\S+) \/ (\S+)/.exec(output) ?? [];
	const webexApi = /Webex API: +(.+)/.exec(output)?.[1].trim();
	return {
		child,
		url: `http://127.0.0.1:${port}`,
		login: { email, password },
		webexApi,
		simulatorUrl: /^the simulator at (\S+)$/.exec(webexApi ?? '')?.[1],
		output: () => output,
		stop,
	};
}

/**
 * Makes sure the browser is there: installs Debian's chromium with apt-get when it is missing and
 * this is root on Debian (as in CI). Resolves to undefined when it is there, or to the reason it
 * cannot be.
 */
export function ensureChromium() {
	if (existsSync(CHROMIUM)) return undefined;
	if (process.env.CHROMIUM_PATH) return `CHROMIUM_PATH names ${CHROMIUM}, which is missing`;
	if (!/^ID=debian$/m.test(readOsRelease()))
		return `${CHROMIUM} is missing: install Chromium or Chrome and name it in CHROMIUM_PATH (Ubuntu's chromium package is only a snap stub)`;
	if (process.getuid?.() !== 0)
		return `${CHROMIUM} is missing and this is not root: install it with \`sudo apt-get install -y chromium\``;
	const apt = (...args) =>
		execFileSync('apt-get', args, {
			stdio: ['ignore', 'ignore', 'inherit'],
			timeout: 600_000,
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	console.error('[editor] installing chromium (apt-get update && apt-get install -y chromium)');
	apt('update');
	apt('install', '-y', 'chromium');
	if (!existsSync(CHROMIUM))
		throw new Error(`apt-get install chromium did not install ${CHROMIUM}`);
	return undefined;
}

function readOsRelease() {
	try {
		return readFileSync('/etc/os-release', 'utf8');
	} catch {
		return '';
	}
}

/** Headless chromium with a new empty profile; close() also removes the profile. */
export async function launchBrowser({ width = 1440, height = 900 } = {}) {
	const { default: puppeteer } = await import('puppeteer-core');
	const profile = mkdtempSync(path.join(tmpdir(), 'webex-audit-chromium-'));
	const browser = await puppeteer.launch({
		executablePath: CHROMIUM,
		headless: true,
		timeout: 60_000,
		protocolTimeout: 120_000,
		defaultViewport: { width, height },
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			`--user-data-dir=${profile}`,
		],
	});
	const page = await browser.newPage();
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(60_000);
	// "Leave site?" when a run left the workflow changed: leave.
	page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
	return {
		browser,
		page,
		async close() {
			await Promise.race([browser.close(), new Promise((resolve) => setTimeout(resolve, 15_000))]);
			browser.process()?.kill('SIGKILL');
			rmSync(profile, { recursive: true, force: true });
		},
	};
}

const sel = (id) => `[data-test-id="${id}"]`;
const OUTPUT_PANEL = `${sel('ndv')} ${sel('output-panel')}`;

/** Signs in on the editor's sign-in page; resolves when the editor has left it. */
export async function signIn(page, url, { email, password }) {
	await page.goto(`${url}/signin`, { waitUntil: 'networkidle2' });
	await page.waitForSelector('#emailOrLdapLoginId');
	await page.type('#emailOrLdapLoginId', email);
	await page.type('#password', password);
	await page.click(sel('form-submit-button'));
	await page.waitForFunction(() => !location.pathname.startsWith('/signin'), { timeout: 30_000 });
}

/** Opens a workflow in the editor; resolves to the names of the nodes on its canvas. */
export async function openWorkflow(page, url, id) {
	await page.goto(`${url}/workflow/${id}`, { waitUntil: 'networkidle2' });
	await page.waitForSelector(sel('canvas-node'));
	return await page.$$eval(sel('canvas-node'), (nodes) =>
		nodes.map((node) => node.innerText.split('\n')[0].trim()),
	);
}

/** Zooms the canvas to fit the workflow. */
export async function zoomToFit(page) {
	await page.click(sel('zoom-to-fit'));
	await sleep(800);
}

/** Opens a node's details view (NDV) by double-clicking it on the canvas. */
export async function openNode(page, name) {
	const nodes = await page.$$(sel('canvas-node'));
	for (const node of nodes) {
		const title = await node.evaluate((element) => element.innerText.split('\n')[0].trim());
		if (title !== name) continue;
		await node.click({ count: 2 });
		await page.waitForSelector(`${sel('ndv')} ${sel('node-execute-button')}`, { visible: true });
		return;
	}
	throw new Error(`no node "${name}" on the canvas`);
}

/**
 * Clicks *Execute step* in the open NDV and waits for the output panel's item count. Resolves to
 * {items (the count shown)}; `outputShowing` waits for the rows.
 */
export async function executeStep(page, { timeoutMs = 90_000 } = {}) {
	await page.click(`${sel('ndv')} ${sel('node-execute-button')}`);
	const handle = await page.waitForFunction(
		(selector, countSelector) => {
			const panel = document.querySelector(selector);
			const text = panel?.innerText ?? '';
			// A failed run shows its error instead of a count.
			if (/Problem in node/.test(text)) return { error: text.slice(0, 2000) };
			const count = panel?.querySelector(countSelector)?.innerText ?? '';
			const match = /^([\d,]+) items?/.exec(count.trim());
			return match ? { items: Number(match[1].replaceAll(',', '')) } : false;
		},
		{ timeout: timeoutMs, polling: 250 },
		OUTPUT_PANEL,
		sel('ndv-items-count'),
	);
	const result = await handle.jsonValue();
	if (result.error) throw new Error(`the node failed in the editor:\n${result.error}`);
	return { items: result.items };
}

/**
 * The output panel's text once `isShown(text)` holds: the count appears before the table, schema or
 * binary view renders its rows, later on a loaded machine.
 */
export const outputShowing = (page, isShown) =>
	settled(() => page.$eval(OUTPUT_PANEL, (panel) => panel.innerText), isShown);

/**
 * `read()`'s value once `isDone(value)` holds, or its last value after UI_WAIT_MS, for the caller's
 * assertion to name what is missing: the editor re-renders after a run or a choice, later on a
 * loaded machine.
 */
export async function settled(read, isDone) {
	const deadline = Date.now() + UI_WAIT_MS;
	for (;;) {
		const value = await read();
		if (isDone(value) || Date.now() >= deadline) return value;
		await sleep(250);
	}
}

/** Closes the open NDV. */
export async function closeNode(page) {
	await page.click(`${sel('ndv')} ${sel('ndv-close-button')}`);
	await page.waitForSelector(sel('ndv'), { hidden: true });
}

/** Hides the success toasts ("Node executed successfully") so they do not cover a screenshot. */
export async function dismissToasts(page) {
	await page.evaluate(() =>
		document.querySelectorAll('.el-notification').forEach((toast) => toast.remove()),
	);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One node of every panel a user can open: each node of the package in each of its resources and
 * operations (Webex Admin Audit Trigger: each Source), named for what it shows.
 */
export const PANELS = [
	['Webex Events', 'webexEvents', { resource: 'event', operation: 'getAll' }],
	['Webex Events: Get', 'webexEvents', { resource: 'event', operation: 'get' }],
	['Webex Events: Message', 'webexEvents', { resource: 'message', operation: 'get' }],
	['Webex Events: Download File', 'webexEvents', { resource: 'file', operation: 'download' }],
	['Webex Events: File Info', 'webexEvents', { resource: 'file', operation: 'getInfo' }],
	[
		'Webex Recording Audit',
		'webexRecordingAudit',
		{ resource: 'recordingAuditSummary', operation: 'getAll' },
	],
	[
		'Webex Recording Audit: Access Details',
		'webexRecordingAudit',
		{ resource: 'recordingAccessDetail', operation: 'getAll' },
	],
	['Webex Admin Audit', 'webexAdminAudit', { resource: 'adminAuditEvent', operation: 'getAll' }],
	[
		'Webex Admin Audit: Security',
		'webexAdminAudit',
		{ resource: 'securityAuditEvent', operation: 'getAll' },
	],
	['Webex Admin Audit Trigger', 'webexAdminAuditTrigger', { source: 'adminAudit' }],
	['Webex Admin Audit Trigger: Security', 'webexAdminAuditTrigger', { source: 'securityAudit' }],
	['Webex Events Trigger', 'webexEventsTrigger', {}],
	[
		'Webex Meeting Compliance',
		'webexMeetingCompliance',
		{ resource: 'meetingTranscript', operation: 'getAll' },
	],
	[
		'Webex Meeting Compliance: Download',
		'webexMeetingCompliance',
		{ resource: 'meetingTranscript', operation: 'download' },
	],
	[
		'Webex Meeting Compliance: Recordings',
		'webexMeetingCompliance',
		{ resource: 'recording', operation: 'getAll' },
	],
	[
		'Webex Meeting Compliance: Archives',
		'webexMeetingCompliance',
		{ resource: 'meetingArchive', operation: 'getAll' },
	],
	[
		'Webex Meeting Compliance: Archive',
		'webexMeetingCompliance',
		{ resource: 'meetingArchive', operation: 'get' },
	],
	[
		'Webex Meeting Compliance: Chats',
		'webexMeetingCompliance',
		{ resource: 'meetingChat', operation: 'getAll' },
	],
	[
		'Webex Meeting Compliance: Summaries',
		'webexMeetingCompliance',
		{ resource: 'meetingSummary', operation: 'get' },
	],
	[
		'Webex Meeting Reports',
		'webexMeetingReports',
		{ resource: 'usageReport', operation: 'getAll' },
	],
	[
		'Webex Meeting Reports: Attendees',
		'webexMeetingReports',
		{ resource: 'attendeeReport', operation: 'getAll' },
	],
	[
		'Webex Meeting Reports: Quality',
		'webexMeetingReports',
		{ resource: 'meetingQuality', operation: 'getAll' },
	],
	[
		'Webex Compliance Webhook Trigger',
		'webexComplianceWebhookTrigger',
		{ resource: 'meetings', event: 'ended' },
	],
].map(([name, type, parameters]) => ({ name, type, parameters }));

/**
 * Saves a workflow holding one node per PANELS entry (types `${prefix}.<node>`, with the credential
 * `credentialId` of type webexApi), through n8n's REST client `n8n`. Resolves to its id.
 */
export async function createPanelsWorkflow(n8n, { prefix, credentialId }) {
	const nodes = PANELS.map(({ name, type, parameters }, index) => ({
		id: `panel-${index}`,
		name,
		type: `${prefix}.${type}`,
		typeVersion: 1,
		position: [(index % 3) * 320, Math.floor(index / 3) * 240],
		parameters,
		credentials: { webexApi: { id: credentialId, name: 'Webex' } },
	}));
	const { status, json, text } = await n8n.request('POST', '/rest/workflows', {
		name: 'Every panel',
		active: false,
		nodes,
		connections: {},
		settings: {},
	});
	if (status !== 200) throw new Error(`creating the panels workflow failed (${status}): ${text}`);
	return json.data.id;
}

/**
 * How much wider than here a label's text may get and still fit: other fonts, zoom and languages
 * set text wider than this chromium does.
 */
const LABEL_MARGIN = 1.15;

/**
 * The labels shown in the open NDV's parameters, and which of them the editor cuts short: each is
 * measured while hovered (when Fixed / Expression and the option's buttons take room beside it),
 * its text set LABEL_MARGIN times larger.
 */
export async function shownLabels(page) {
	const labels = [];
	for (const label of await page.$$(`${sel('ndv')} ${sel('input-label')} label`)) {
		if (!(await label.isVisible())) continue;
		await label.hover();
		labels.push(
			await label.evaluate((element, margin) => {
				const title = element.querySelector('[class*="_title_"]') ?? element;
				const text = title.querySelector('span') ?? title;
				const fontSize = text.style.fontSize;
				text.style.fontSize = `${parseFloat(getComputedStyle(text).fontSize) * margin}px`;
				const cut = [title, ...title.querySelectorAll('*')].some(
					(part) => part.scrollWidth > part.clientWidth + 1,
				);
				text.style.fontSize = fontSize;
				// The first line: the label (Fixed / Expression follow).
				return { text: element.innerText.split('\n')[0].trim(), cut };
			}, LABEL_MARGIN),
		);
	}
	await page.mouse.move(0, 0);
	return labels;
}

/** How long the editor may take to show what a click asks for, on a loaded machine. */
const UI_WAIT_MS = 30_000;

/** Run in the page: whether a select dropdown shows an item (is open, or still closing). */
const dropdownItemShown = () =>
	[...document.querySelectorAll('.el-select-dropdown__item')].some(
		(item) => item.getBoundingClientRect().height > 0,
	);

/** The items of the select dropdown that is open now. */
async function openDropdownItems(page) {
	await page.waitForFunction(dropdownItemShown, { timeout: UI_WAIT_MS });
	return await page.$$('.el-select-dropdown__item');
}

async function visibleTexts(page, handles) {
	const texts = [];
	for (const handle of handles) {
		const text = await handle.evaluate((item) =>
			item.getBoundingClientRect().height > 0 ? item.innerText.trim() : undefined,
		);
		texts.push(text);
	}
	return texts;
}

/**
 * The "Add …" control of the NDV's collection `placeholder` (Add Filter, Add Option), when it is
 * shown: {input} a list of the entries to add, or {button} where the collection has one entry.
 */
async function addControl(page, placeholder) {
	const input = await page.$(`${sel('ndv')} input[placeholder="${placeholder}"]`);
	if (await input?.isVisible()) return { input };
	for (const button of await page.$$(`${sel('ndv')} button`)) {
		const text = await button.evaluate((element) => element.innerText.trim());
		if (text === placeholder && (await button.isVisible())) return { button };
	}
	return undefined;
}

const labelTexts = (page) =>
	page.$$eval(`${sel('ndv')} ${sel('input-label')} label`, (labels) =>
		labels.map((label) => label.innerText.split('\n')[0].trim()),
	);

/**
 * The entries the NDV's collection `placeholder` (Add Filter, Add Option) offers now (closes the
 * list again).
 */
export async function addableOptions(page, placeholder) {
	const control = await addControl(page, placeholder);
	if (!control) return [];
	if (control.button) return [placeholder];
	const { texts } = await openList(page, control.input);
	await page.keyboard.press('Escape');
	await dropdownClosed(page);
	return texts.filter(Boolean);
}

/**
 * Adds every entry the NDV's collection `placeholder` offers, one by one, each at its default
 * (entries that appear after an addition too). Resolves to the labels added, in order.
 */
export async function addEveryOption(page, placeholder, { max = 40 } = {}) {
	const added = [];
	let missed = 0;
	for (let round = 0; round < max; round++) {
		// Gone once everything is added.
		const control = await addControl(page, placeholder);
		if (!control) break;
		const before = await labelTexts(page);
		if (control.button) {
			await control.button.click();
		} else {
			const { items, texts } = await openList(page, control.input);
			const index = texts.findIndex((text) => text !== undefined);
			if (index < 0) throw new Error(`${placeholder} opened an empty list`);
			// An item of a list being rebuilt may be gone from the page by now: a miss.
			await items[index].click().catch(() => undefined);
		}
		const grew = await page
			.waitForFunction(
				(selector, count) => document.querySelectorAll(selector).length > count,
				{ timeout: UI_WAIT_MS },
				`${sel('ndv')} ${sel('input-label')} label`,
				before.length,
			)
			.then(
				() => true,
				() => false,
			);
		if (grew) {
			missed = 0;
			const after = await labelTexts(page);
			const label = after.find((text, index) => text !== before[index]);
			added.push(label);
			await listDropped(page, label);
		} else if (++missed === 3) {
			// A click on an item of a list being rebuilt adds nothing: tried again, three times.
			throw new Error(`${placeholder}: three clicks on its list added nothing`);
		}
		await sleep(300); // the list of what is left is rebuilt
	}
	return added;
}

/**
 * Resolves once no open list offers `label` any more (Add Option's list stays open after an
 * addition and is rebuilt without it), or after UI_WAIT_MS: the next click must not land on the
 * list as it was.
 */
const listDropped = (page, label) =>
	page
		.waitForFunction(
			(added) =>
				![...document.querySelectorAll('.el-select-dropdown__item')].some(
					(item) =>
						item.getBoundingClientRect().height > 0 &&
						item.innerText.split('\n')[0].trim() === added,
				),
			{ timeout: UI_WAIT_MS },
			label,
		)
		.catch(() => undefined);

/** Whether a select dropdown is open (its items shown). */
const dropdownOpen = (page) => page.evaluate(dropdownItemShown);

/** Resolves once no select dropdown shows an item (a closing one has ended its transition). */
const dropdownClosed = (page) =>
	page.waitForFunction(`!(${dropdownItemShown})()`, { timeout: UI_WAIT_MS });

/**
 * The list the select `input` opens: {items, texts} (a hidden item's text undefined). A list still
 * open (Add Option's stays open after an addition) is read as it is; one seen open that was
 * closing (another select's, or this one's in its transition) is waited out and opened again.
 */
async function openList(page, input) {
	for (let attempt = 1; ; attempt++) {
		if (!(await dropdownOpen(page))) await input.click();
		const items = await openDropdownItems(page);
		const texts = await visibleTexts(page, items);
		if (texts.some(Boolean) || attempt === 3) return { items, texts };
		await dropdownClosed(page);
	}
}

/** Picks `choice` in the NDV's options field `name` (a parameter such as `output` in Options). */
export async function chooseOption(page, name, choice) {
	await page.click(`${sel('ndv')} ${sel(`parameter-input-${name}`)}`);
	const items = await openDropdownItems(page);
	const texts = await visibleTexts(page, items);
	const index = texts.findIndex((text) => text?.split('\n')[0] === choice);
	if (index < 0) throw new Error(`"${choice}" is not offered for ${name}: ${texts.join(', ')}`);
	await items[index].click();
	await dropdownClosed(page);
	await page.waitForFunction(
		(selector, chosen) => {
			const select = document.querySelector(selector);
			return (
				select?.innerText.includes(chosen) ||
				[...(select?.querySelectorAll('input') ?? [])].some((input) => input.value === chosen)
			);
		},
		{ timeout: UI_WAIT_MS },
		`${sel('ndv')} ${sel(`parameter-input-${name}`)}`,
		choice,
	);
	await sleep(300);
}

const FILE_OPTIONS = ['Gzip', 'Put Output File in Field'];

/**
 * Opens the node `name` and adds every filter and option it offers, at their defaults; with an
 * Output option, then picks CSV File and adds what that offers. `shot(label)` (optional) takes a
 * picture after each. Resolves to what was added and shown: {filters, options, labels (after
 * adding, {text, cut}), fileOptionsWithItems (the file options shown or offered while Output is
 * Items), fileOptions (those offered after CSV File), labelsWithFile}.
 */
export async function addEverythingOn(page, name, { shot } = {}) {
	await openNode(page, name);
	// Every node has Options: the panel is drawn once its Add Option list is.
	await page.waitForSelector(`${sel('ndv')} ${sel('collection-parameter-add')}`, { visible: true });
	const result = {
		filters: await addEveryOption(page, 'Add Filter'),
		options: await addEveryOption(page, 'Add Option'),
	};
	result.labels = await shownLabels(page);
	await dismissToasts(page);
	await shot?.(name);
	if (result.options.includes('Output')) {
		const shown = result.labels.map((label) => label.text);
		const offered = await addableOptions(page, 'Add Option');
		result.fileOptionsWithItems = FILE_OPTIONS.filter(
			(option) => shown.includes(option) || offered.includes(option),
		);
		await chooseOption(page, 'output', 'CSV File');
		// Hidden while everything was added, Add Option comes back (re-rendered) with the file options.
		await settled(() => addControl(page, 'Add Option'), Boolean);
		result.fileOptions = await addEveryOption(page, 'Add Option');
		result.labelsWithFile = await shownLabels(page);
		await dismissToasts(page);
		await shot?.(`${name}, Output CSV File`);
	}
	await closeNode(page);
	return result;
}
