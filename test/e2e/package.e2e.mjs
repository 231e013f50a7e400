// The package as users get it: `npm pack` holds only what n8n needs, the packed tarball installed
// the way n8n's community-package installer lays it out loads in the real n8n (the shared n8n,
// test/e2e/sharedN8n.mjs), and the example
// workflows in examples/ run there against the simulator, with Slack and Google Sheets replaced by
// nodes that need no account.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';

import { itemsOf, PACKAGE_NAME, ROOT } from '../../scripts/n8n.mjs';
import { createSimulator } from '../../simulator/server.mjs';
import { example, testCopy } from './examples.mjs';
import { useSharedN8n } from './sharedN8n.mjs';
import { present, SITES } from '../../simulator/recordings.mjs';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const nodeNamed = (workflow, name) => workflow.nodes.find((node) => node.name === name);

let simulator;
let n8n;
let packed;
let archiveFolder;

/**
 * The range a listing covered: Parallel Requests cuts it into time slices (their first pages carry
 * no cursor), which meet exactly; the newest may have no `to` (up to now).
 */
function listedRange(requests) {
	const firstPages = requests.filter((request) => !request.query.cursor);
	const froms = firstPages.map((request) => Date.parse(request.query.from));
	const tos = firstPages.map((request) =>
		request.query.to ? Date.parse(request.query.to) : undefined,
	);
	return {
		fromMs: Math.min(...froms),
		toMs: tos.includes(undefined) ? undefined : Math.max(...tos),
	};
}

describe('the packed package in a real n8n', () => {
	before(async () => {
		simulator = await createSimulator({
			events: 30_000,
			eventSpanDays: 10,
			recordings: 3000,
			adminAuditEvents: 2000,
			adminAuditSpanDays: 4,
			// A partner's customers, for the failed sign-ins example; one refuses.
			customerOrgs: 3,
			customerAuditEvents: 800,
			customerAuditSpanDays: 0.5,
			refusingOrgs: [2],
		});
		n8n = await useSharedN8n();
		packed = n8n.packed;
		archiveFolder = n8n.folder('s3-');
		await n8n.importCredentials([
			{
				id: 'webexExampleCred',
				name: 'Webex account',
				type: 'webexApi',
				data: { accessToken: 'sim-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
			{
				id: 'webexPartnerCred',
				name: 'Webex partner',
				type: 'webexApi',
				data: { accessToken: 'partner-token', baseUrl: 'custom', customBaseUrl: simulator.baseUrl },
			},
		]);
		const partners = testCopy(
			example('failed-sign-ins-of-every-customer-to-slack.json'),
			'exPartnerSlack01',
		);
		partners.nodes.find((node) => node.name === 'Webex Admin Audit').credentials = {
			webexApi: { id: 'webexPartnerCred', name: 'Webex partner' },
		};
		await n8n.importWorkflows([
			testCopy(example('webex-events-to-slack.json'), 'exEventsSlack001'),
			testCopy(example('recording-audit-to-google-sheets.json'), 'exRecordSheets01'),
			testCopy(example('compliance-digest-to-slack.json'), 'exDigestSlack001'),
			testCopy(example('admin-changes-to-slack.json'), 'exAdminSlack0001'),
			testCopy(example('archive-events-to-s3.json'), 'exArchiveS3Day01', archiveFolder),
			partners,
		]);
	});

	after(async () => {
		await n8n?.release();
		await simulator?.close();
	});

	it('npm pack holds only dist/, README, LICENSE and package.json, and every file n8n loads', () => {
		const outside = packed.files.filter(
			(file) =>
				!file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md'].includes(file),
		);
		assert.deepEqual(outside, []);
		assert.deepEqual(
			packed.files.filter((file) =>
				/\.tsbuildinfo$|^dist\/package\.json$|\.ts$(?<!\.d\.ts)/.test(file),
			),
			[],
		);
		for (const file of [
			...manifest.n8n.nodes,
			...manifest.n8n.credentials,
			'dist/icons/webex.svg',
			'dist/icons/webex.dark.svg',
		]) {
			assert.ok(packed.files.includes(file), `${file} is in the tarball`);
		}
		assert.equal(manifest.dependencies, undefined);
		assert.deepEqual(manifest.peerDependencies, { 'n8n-workflow': '*' });
	});

	it('every example is importable as it is: n8n-nodes-webex-audit node types, no ids, no stored secrets', () => {
		const files = readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
		assert.deepEqual(files.sort(), [
			'admin-audit-log-with-service-app.json',
			'admin-changes-to-slack.json',
			'after-hours-international-calls-to-slack.json',
			'archive-events-to-s3.json',
			'call-history-to-s3.json',
			'compliance-digest-to-slack.json',
			'deleted-recordings-to-slack.json',
			'failed-sign-ins-of-every-customer-to-slack.json',
			'meeting-transcripts-to-s3.json',
			'meeting-usage-of-every-site-to-google-sheets.json',
			'messages-with-files-to-s3.json',
			'poor-meeting-quality-to-slack.json',
			'post-meeting-chats-to-s3.json',
			'recording-audit-to-google-sheets.json',
			'webex-events-to-slack.json',
		]);
		for (const file of files) {
			const workflow = example(file);
			assert.equal(
				workflow.id,
				undefined,
				`${file} has no id, so importing never overwrites a workflow`,
			);
			const ours = workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`));
			assert.ok(ours.length >= 1, file);
			assert.doesNotMatch(JSON.stringify(workflow), /accessToken|sim-token|Bearer/);
		}
	});

	it('Schedule -> Webex Events -> Slack: every event of the last 15 minutes, simplified, one message each', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exEventsSlack001');
		assert.ok(ok, output.slice(-3000));
		const { fromMs, toMs } = listedRange(simulator.requests.filter((r) => r.path === '/v1/events'));
		const triggered = Date.parse(itemsOf(runData, 'Every 15 Minutes')[0].json.timestamp);
		assert.equal(fromMs, triggered - 15 * 60_000, 'From is the schedule time minus the interval');
		const [start, end] = simulator.events.range(fromMs, toMs);
		const events = itemsOf(runData, 'Webex Events');
		assert.ok(end - start > 5, 'the window holds events');
		assert.deepEqual(
			events.map((item) => item.json.id),
			Array.from({ length: end - start }, (_, n) => simulator.events.at(start + n).id),
		);
		assert.ok(
			events.every((item) => 'personEmail' in item.json && item.json.data === undefined),
			'simplified rows',
		);
		// Resolve People: each actor looked up once, and every message says who, with the email the
		// simulator's people have (a deleted person, unknown to it, by the actor ID).
		const actors = new Set(events.map((item) => item.json.actorId));
		const lookups = simulator.requests.filter((r) => r.path === '/v1/people');
		assert.equal(lookups.length, Math.ceil(actors.size / 85));
		assert.deepEqual(lookups.flatMap((r) => r.query.id.split(',')).sort(), [...actors].sort());
		const messages = itemsOf(runData, 'Post to Slack').map((item) => item.json.text);
		assert.equal(messages.length, events.length);
		events.forEach(({ json: event }, index) => {
			const person = simulator.people.find((candidate) => candidate.id === event.actorId);
			assert.equal(event.actorEmail, person?.emails[0] ?? null);
			const who = person ? `${person.displayName} (${person.emails[0]})` : event.actorId;
			assert.ok(
				messages[index].startsWith(
					`Webex ${event.resource} ${event.type} at ${event.created} by ${who}`,
				),
				messages[index],
			);
		});
		assert.ok(
			messages.some((message) => /\([a-z.]+\d+@example\.com\)/.test(message)),
			"messages carry the actors' emails",
		);
	});

	it("Hourly -> every customer's failed sign-ins -> Slack: each once, named by organization; the refusing one reported", async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exPartnerSlack01');
		assert.ok(ok, output.slice(-3000));
		const [first] = simulator.requests.filter((r) => r.path === '/v1/admin/securityAudit/events');
		const fromMs = Date.parse(first.query.startTime) + 1;
		const toMs = Date.parse(first.query.endTime);
		assert.equal(toMs - fromMs, 3_600_000, 'the last hour');
		const expected = [];
		const readable = [
			{ name: 'Acme Inc.', securityAudit: simulator.securityAudit },
			...simulator.orgs.customers.filter((customer) => !customer.refuses),
		];
		for (const org of readable) {
			const [start, end] = org.securityAudit.range(fromMs - 1, toMs);
			for (let n = start; n < end; n++) {
				const event = org.securityAudit.at(n);
				if (event.data.eventStatus === 'FAILURE') expected.push(`${org.name}: ${event.id}`);
			}
		}
		const rows = itemsOf(runData, 'Webex Admin Audit').map((item) => item.json);
		const records = rows.filter((row) => !row.error);
		assert.ok(expected.length > 6, `${expected.length} failed sign-ins`);
		assert.deepEqual(
			records.map((row) => `${row.orgName}: ${row.id}`),
			expected,
		);
		const refusing = simulator.orgs.customers[2];
		const messages = itemsOf(runData, 'Post to Slack').map((item) => item.json.text);
		assert.equal(messages.length, rows.length);
		assert.ok(messages.at(-1).startsWith(`Could not read the sign-ins of ${refusing.name}: `));
		assert.ok(messages[0].includes(' failed sign-in of '), messages[0]);
	});

	it('Schedule -> Webex Recording Audit (7 days, all hosts) -> Google Sheets: every summary of the week, once', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exRecordSheets01');
		assert.ok(ok, output.slice(-3000));
		const [first] = simulator.requests.filter(
			(r) => r.path === '/v1/recordingReport/accessSummary',
		);
		assert.equal(first.query.hostEmail, 'all');
		const fromMs = Date.parse(first.query.from);
		const toMs = Date.parse(first.query.to);
		assert.equal(toMs - fromMs, 7 * 86_400_000);
		const [start, end] = simulator.recordings.range(fromMs, toMs);
		const expected = [];
		for (let n = start; n < end; n++) {
			const summary = simulator.recordings.at(n);
			// The example leaves Time Zone empty: the workflow's (here n8n's default, America/New_York).
			if (summary.siteUrl === SITES[0]) expected.push(present(summary, 'America/New_York'));
		}
		assert.equal(first.timezone, 'America/New_York');
		assert.ok(expected.length > 5);
		const rows = itemsOf(runData, 'Append to Sheet').map((item) => item.json);
		assert.deepEqual(
			rows.map((row) => row.recordingId),
			expected.map((summary) => summary.recordingId),
		);
		assert.deepEqual(rows, expected);
	});

	it('compliance digest: a day of events across pages, counted by resource and type, in one message', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exDigestSlack001');
		assert.ok(ok, output.slice(-3000));
		const events = itemsOf(runData, 'Webex Events').map((item) => item.json);
		const pages = simulator.requests.filter((r) => r.path === '/v1/events');
		assert.ok(pages.length >= 3, `${pages.length} pages`);
		const { fromMs, toMs } = listedRange(pages);
		const [start, end] = simulator.events.range(fromMs, toMs);
		assert.equal(events.length, end - start);
		const counts = new Map();
		for (const event of events)
			counts.set(
				`${event.resource} ${event.type}`,
				(counts.get(`${event.resource} ${event.type}`) ?? 0) + 1,
			);
		const messages = itemsOf(runData, 'Post Digest to Slack').map((item) => item.json.text);
		assert.equal(messages.length, 1, 'one message');
		const [headline, ...lines] = messages[0].split('\n');
		assert.equal(headline, `*Webex compliance digest, last 24 hours*: ${events.length} events`);
		assert.deepEqual(
			new Map(
				lines.map((line) => [
					line.slice(2, line.lastIndexOf(':')),
					Number(line.slice(line.lastIndexOf(':') + 2)),
				]),
			),
			counts,
		);
		const shown = lines.map((line) => Number(line.slice(line.lastIndexOf(':') + 2)));
		assert.deepEqual(
			shown,
			[...shown].sort((a, b) => b - a),
			'largest groups first',
		);
	});

	it('admin changes of the last day -> Slack: the org from /people/me, every admin event once across offset pages', async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exAdminSlack0001');
		assert.ok(ok, output.slice(-3000));
		assert.equal(simulator.requests.filter((r) => r.path === '/v1/people/me').length, 1);
		const pages = simulator.requests.filter((r) => r.path === '/v1/adminAudit/events');
		assert.ok(pages.length >= 3, `${pages.length} pages`);
		const triggered = Date.parse(itemsOf(runData, 'Every Day at 7')[0].json.timestamp);
		assert.equal(Date.parse(pages[0].query.to), triggered);
		assert.equal(Date.parse(pages[0].query.from), triggered - 86_400_000 - 1);
		const [start, end] = simulator.adminAudit.range(
			Date.parse(pages[0].query.from),
			Date.parse(pages[0].query.to),
		);
		const rows = itemsOf(runData, 'Webex Admin Audit').map((item) => item.json);
		assert.deepEqual(
			rows.map((row) => row.id),
			Array.from({ length: end - start }, (_, n) => simulator.adminAudit.at(start + n).id),
		);
		assert.ok(rows.length > 300);
		const messages = itemsOf(runData, 'Post to Slack').map((item) => item.json.text);
		assert.equal(messages.length, rows.length);
		assert.ok(
			messages[0].startsWith(`${rows[0].created}: ${rows[0].actorName} (${rows[0].actorEmail}`),
			messages[0],
		);
	});

	it("archive yesterday's events to S3: one gzip JSON Lines file of the UTC day, every event once, in order", async () => {
		simulator.clearRequests();
		const { ok, runData, output } = await n8n.execute('exArchiveS3Day01');
		assert.ok(ok, output.slice(-3000));
		const triggered = itemsOf(runData, 'Every Day at 1')[0].json.timestamp;
		const today = Date.UTC(
			new Date(triggered).getUTCFullYear(),
			new Date(triggered).getUTCMonth(),
			new Date(triggered).getUTCDate(),
		);
		const pages = simulator.requests.filter((r) => r.path === '/v1/events');
		const { fromMs, toMs } = listedRange(pages);
		assert.equal(fromMs, today - 86_400_000, 'from the start of yesterday (UTC)');
		assert.equal(toMs, today, 'to the start of today');
		const [item] = itemsOf(runData, "Yesterday's Webex Events");
		const stamp = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z').replace(/:/g, '-');
		assert.equal(item.json.fileName, `webex-events-${stamp(fromMs)}--${stamp(toMs)}.jsonl.gz`);
		const bytes = readFileSync(path.join(archiveFolder, item.json.fileName));
		const ids = gunzipSync(bytes)
			.toString('utf8')
			.split('\n')
			.filter(Boolean)
			.map((line) => JSON.parse(line).id);
		const [start, end] = simulator.events.range(fromMs, toMs);
		assert.ok(end - start > 1000, `${end - start} events yesterday`);
		assert.deepEqual(
			ids,
			Array.from({ length: end - start }, (_, n) => simulator.events.at(start + n).id),
		);
		assert.equal(item.json.records, ids.length);
	});
});
