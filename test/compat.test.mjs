// What the package needs of n8n's engine, checked on the engine the tests run: the
// devDependencies' n8n-core and n8n-workflow (2.x) in `npm test`, n8n 1.x's as installed (with
// N8N_VERSION, see test/helpers/n8n.mjs) in `npm run test:1x`. Where n8n 1.x lacks something,
// the package falls back, and these tests fail without the fallback:
// - `sleep(ms, signal)`: 1.x's sleep ignores the signal; the package uses 1.x's `sleepWithAbort`.
// - `getPollBudgetMs()`: 1.x's poll context has none; a poll then takes 5 minutes as its budget.
// - An error's `cause`: 1.x's errors drop the HTTP client's error they wrap, and with it the failed
//   answer (Webex's message and trackingId, Retry-After, a redirect's Location); the package asks
//   n8n's helper for failed answers instead and reads them itself.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { ENGINE, n8nWorkflow, PACKAGE } from './helpers/n8n.mjs';
import { listEvents, pollTrigger, rejection, requestsTo, withSimulator } from './helpers/index.mjs';
import { ROOT, waitFor } from '../scripts/n8n.mjs';

const engine = `n8n-workflow ${ENGINE.n8nWorkflow}, n8n-core ${ENGINE.n8nCore}${ENGINE.n8n ? ` (n8n ${ENGINE.n8n})` : ''}`;
const timers = () => process.getActiveResourcesInfo().filter((name) => name === 'Timeout').length;

describe(`the package on ${engine}`, () => {
	it('every n8n-workflow export the built package uses is there', () => {
		const dist = path.join(ROOT, 'dist');
		const used = new Set();
		for (const file of readdirSync(dist, { recursive: true }).filter((f) => f.endsWith('.js')))
			for (const [, name] of readFileSync(path.join(dist, file), 'utf8').matchAll(
				/\bn8n_workflow_1\.(\w+)/g,
			))
				used.add(name);
		assert.ok(used.has('NodeOperationError') && used.has('sleep'), [...used].join(', '));
		assert.deepEqual(
			[...used].filter((name) => !(name in n8nWorkflow)),
			[],
		);
	});

	it("every node connects to n8n's main input and output", () => {
		for (const { description } of Object.values(PACKAGE.nodes)) {
			assert.deepEqual(description.outputs, ['main'], description.name);
			const trigger = description.polling || description.webhooks?.length > 0;
			assert.deepEqual(description.inputs, trigger ? [] : ['main'], description.name);
		}
	});

	it(
		'a wait on a rate limit stops at once when the execution is cancelled',
		{ timeout: 20_000 },
		async (t) => {
			// Whether this engine's sleep honours a signal (2.x) or not (1.x: then sleepWithAbort must).
			const honoursSignal = await n8nWorkflow.sleep(50, AbortSignal.abort()).then(
				() => false,
				() => true,
			);
			t.diagnostic(`sleep(ms, signal) honours the signal: ${honoursSignal}`);
			assert.ok(honoursSignal || typeof n8nWorkflow.sleepWithAbort === 'function');
			await withSimulator(
				{ events: 100, faults: { rules: [{ status: 429, retryAfter: '3600' }] } },
				async (simulator) => {
					const controller = new AbortController();
					const listing = rejection(
						listEvents(simulator, {
							options: { maxRateLimitWait: 7200 },
							signal: controller.signal,
						}),
					);
					// Cancelled once the 429 (Retry-After: an hour) has been answered: the wait is under way.
					await waitFor(() => requestsTo(simulator, '/events').length === 1, 15_000, 'the 429');
					const cancelled = Date.now();
					controller.abort();
					const error = await listing;
					assert.match(error.message, /The execution was cancelled/);
					// Far below the hour Webex asked for (a bound no slow machine comes near).
					const waited = Date.now() - cancelled;
					assert.ok(waited < 60_000, `stopped ${waited} ms after the cancel`);
					assert.equal(requestsTo(simulator, '/events').length, 1);
				},
			);
		},
	);

	it("a failed answer keeps what Webex said: the 403's message and trackingId, the 429's Retry-After", async (t) => {
		const node = {
			id: 'n',
			name: 'n',
			type: 't',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const inner = new Error('inner');
		t.diagnostic(
			`n8n's errors keep their cause: ${new n8nWorkflow.NodeOperationError(node, inner).cause === inner}`,
		);
		await withSimulator({ events: 300 }, async (simulator) => {
			const error = await rejection(listEvents(simulator, { token: 'user-token' }));
			assert.match(
				error.message,
				/^Webex API error \(403\): Compliance role required to get events/,
			);
			assert.match(error.description, /Webex tracking ID \(give it to Webex support\): ROUTER_/);

			simulator.setFaults({ rules: [{ status: 429, retryAfter: '1', times: 1 }] });
			const started = Date.now();
			const items = await listEvents(simulator, { options: { pageSize: 100 } });
			assert.equal(items.length, 300);
			const waitedMs = Date.now() - started;
			assert.ok(
				waitedMs >= 1000 && waitedMs < 10_000,
				`waited ${waitedMs} ms (no Retry-After: 60 s)`,
			);
		});
	});

	it("a listing leaves no timer behind (each request's deadline stops with it)", async () => {
		await withSimulator({ events: 3000 }, async (simulator) => {
			const before = timers();
			const items = await listEvents(simulator, { options: { pageSize: 100 } });
			assert.equal(items.length, 3000);
			assert.equal(requestsTo(simulator, '/events').length, 30);
			assert.equal(timers(), before, 'timers running after the listing');
		});
	});

	it('a poll emits the new events, with or without the engine telling it its budget', async (t) => {
		await withSimulator({ events: 200 }, async (simulator) => {
			let run = await pollTrigger('webexEventsTrigger', simulator);
			t.diagnostic(`the poll context has getPollBudgetMs: ${run.engineBudget}`);
			assert.equal(run.items, null);
			await new Promise((resolve) => setTimeout(resolve, 20));
			const added = simulator.events.addEvent();
			run = await pollTrigger('webexEventsTrigger', simulator, { staticData: run.staticData });
			assert.deepEqual(
				run.items.map((item) => item.json.id),
				[added.id],
			);
		});
	});
});
