// Runs the built package (dist/, loaded with require as n8n loads it) through n8n's own
// declarative engine: RoutingNode over an ExecuteContext, with the real credential classes doing
// authentication through n8n's expression engine, as n8n's CredentialsHelper does.
//
// The engine is n8n-core and n8n-workflow of the devDependencies, or, with N8N_VERSION set (e.g.
// 1.123.81), those of that n8n as installed into the cache (scripts/install-n8n.sh). Then the
// package's own imports (n8n-workflow, luxon) resolve from that n8n too, as in n8n, which points
// community packages at its own modules (NODE_PATH).
import { mkdtempSync } from 'node:fs';
import { createRequire, isBuiltin, registerHooks } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ensureN8n } from '../../scripts/n8n.mjs';

// n8n-core reads its settings folder on first use: keep it out of the home folder.
process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'webex-audit-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const packageJson = require(path.join(root, 'package.json'));
const n8nPackage = process.env.N8N_VERSION && path.resolve(ensureN8n(), '../../n8n/package.json');
const engineRequire = n8nPackage ? createRequire(n8nPackage) : require;
if (n8nPackage) {
	const dist = `${pathToFileURL(path.join(root, 'dist')).href}/`;
	registerHooks({
		resolve: (specifier, context, nextResolve) =>
			context.parentURL?.startsWith(dist) && !specifier.startsWith('.') && !isBuiltin(specifier)
				? { url: pathToFileURL(engineRequire.resolve(specifier)).href, shortCircuit: true }
				: nextResolve(specifier, context),
	});
}
if (n8nPackage) {
	// n8n 1.x's SSH client manager (made with the first ExecuteContext) has an interval timer that
	// holds the process open, where 2.x unrefs it: unref it, so that a test file's process ends.
	const { SSHClientsManager } = engineRequire('n8n-core/dist/execution-engine/ssh-clients-manager');
	const { Container } = createRequire(engineRequire.resolve('n8n-core'))('@n8n/di');
	Container.get(SSHClientsManager).cleanupTimer?.unref();
}
/** The engine's n8n-workflow (the one the package gets, too), and the engine's versions. */
export const n8nWorkflow = engineRequire('n8n-workflow');
export const ENGINE = {
	n8n: n8nPackage ? engineRequire('n8n/package.json').version : undefined,
	n8nCore: engineRequire('n8n-core/package.json').version,
	n8nWorkflow: engineRequire('n8n-workflow/package.json').version,
};
const { DirectoryLoader, ExecuteContext, HookContext, PollContext, RoutingNode, WebhookContext } =
	engineRequire('n8n-core');
const { Workflow, createRunExecutionData } = n8nWorkflow;
// n8n-core's own copies: the logger its execution contexts hand to nodes.
const requireFromCore = createRequire(engineRequire.resolve('n8n-core'));
const { Container } = requireFromCore('@n8n/di');
const { Logger } = requireFromCore('@n8n/backend-common');

/**
 * Collects what the nodes write to n8n's log at `level` (the logger every execution context
 * uses) until `stop()`: {lines, stop}.
 */
export function captureLog(level = 'warn') {
	const logger = Container.get(Logger);
	const original = logger[level];
	const lines = [];
	logger[level] = (message) => void lines.push(String(message));
	return { lines, stop: () => void (logger[level] = original) };
}

/** Every node and credential class the package declares, loaded from dist/. */
function loadPackage() {
	const load = (file) => {
		const exports = require(path.join(root, file));
		const Class = Object.values(exports)[0];
		return new Class();
	};
	// As n8n's loader does: declarative nodes get the Request Options parameter (timeout, proxy, SSL).
	const nodes = Object.fromEntries(
		packageJson.n8n.nodes.map((file) => {
			const node = load(file);
			DirectoryLoader.applyDeclarativeNodeOptionParameters(node);
			return [node.description.name, node];
		}),
	);
	const credentials = Object.fromEntries(
		packageJson.n8n.credentials.map((file) => {
			const credential = load(file);
			return [credential.name, credential];
		}),
	);
	return { nodes, credentials };
}

export const PACKAGE = loadPackage();
export const NODE_TYPE_PREFIX = `${packageJson.name}.`;

const nodeTypes = {
	getByName: (type) => PACKAGE.nodes[type.replace(NODE_TYPE_PREFIX, '')],
	getByNameAndVersion: (type) =>
		PACKAGE.nodes[type.replace(NODE_TYPE_PREFIX, '')] ?? testNodeTypes.get(type),
	getKnownTypes: () => ({}),
};
const testNodeTypes = new Map();

/** Applies a credential's `authenticate` the way n8n's CredentialsHelper does. */
function authenticate(credentialData, typeName, requestOptions, workflow, node) {
	const credentialType = PACKAGE.credentials[typeName];
	const { authenticate: definition } = credentialType;
	if (typeof definition === 'function') return definition(credentialData, requestOptions);
	if (!definition || definition.type !== 'generic') return requestOptions;
	const resolve = (value) =>
		typeof value === 'string' && value.startsWith('=')
			? workflow.expression.getSimpleParameterValue(
					node,
					value,
					'internal',
					{ $credentials: credentialData },
					undefined,
					'',
				)
			: value;
	for (const [target, entries] of Object.entries(definition.properties)) {
		requestOptions[target] ??= {};
		for (const [key, value] of Object.entries(entries))
			requestOptions[target][resolve(key)] = resolve(value);
	}
	return requestOptions;
}

/**
 * A credential's data as n8n decrypts it: the defaults of the fields it lacks filled in (an empty
 * expirable access token among them), expressions left out.
 */
function withDefaults(type, data) {
	const filled = structuredClone(data);
	for (const property of PACKAGE.credentials[type]?.properties ?? []) {
		const isExpression = typeof property.default === 'string' && property.default.startsWith('=');
		if (!(property.name in filled) && property.default !== undefined && !isExpression)
			filled[property.name] = property.default;
	}
	return filled;
}

/**
 * n8n's CredentialsHelper for the test credentials in `store` ({type: data}), which it updates as
 * n8n updates its database. preAuthentication is n8n's (packages/cli credentials-helper.ts): a
 * credential with a hidden expirable field is renewed by its preAuthentication when that field is
 * empty or the request helper saw it expire (a 401), and what it returns is stored.
 */
function credentialsHelper(store) {
	const expirableOf = (type) =>
		PACKAGE.credentials[type]?.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
	return {
		getParentTypes: (type) => PACKAGE.credentials[type]?.extends ?? [],
		authenticate: async (...args) => authenticate(...args),
		preAuthentication: async (helpers, credentials, type, _node, credentialsExpired) => {
			const expirable = expirableOf(type);
			const credentialType = PACKAGE.credentials[type];
			if (!expirable || typeof credentialType?.preAuthentication !== 'function') return undefined;
			if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
			const output = await credentialType.preAuthentication.call(helpers, credentials);
			if (output[expirable.name] === undefined) return undefined;
			store[type] = { ...store[type], ...output };
			return Object.assign(credentials, output);
		},
		runPreAuthentication: async () => undefined,
		getCredentialsProperties: (type) => PACKAGE.credentials[type]?.properties ?? [],
		isCredentialUsableByNode: () => true,
		getDecrypted: async (_additionalData, _nodeCredentials, type) => {
			if (!(type in store)) throw new Error(`No test credential of type ${type}`);
			return withDefaults(type, store[type]);
		},
		updateCredentials: async () => {},
		updateCredentialsOauthTokenData: async (_nodeCredentials, type, data) => {
			store[type] = { ...store[type], oauthTokenData: data.oauthTokenData };
		},
	};
}

/** A workflow node of this package's `type`, with test credentials of the given types. */
function workflowNode(name, type, parameters, credentials) {
	return {
		id: `node-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type: `${NODE_TYPE_PREFIX}${type}`,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(
			Object.keys(credentials).map((credential) => [
				credential,
				{ id: '1', name: `Test ${credential}` },
			]),
		),
	};
}

/**
 * Runs one node of this package as n8n runs a declarative node.
 *   type: 'webexEvents' | 'webexRecordingAudit'; parameters: the node's parameters;
 *   credentials: {webexApi: {...}}, {webexOAuth2Api: {...}} or {webexServiceAppApi: {...}}, kept
 *     up to date as n8n keeps its database (a renewed token replaces a type's data object);
 *   items: input items ([{json: {}}]);
 *   settings: {timezone, continueOnFail}; signal: an AbortSignal to cancel the execution.
 * Resolves to the output items; rejects with the error n8n would show.
 */
export async function runNode({
	type,
	parameters,
	credentials,
	items = [{ json: {} }],
	timezone = 'UTC',
	continueOnFail = false,
	signal,
	nodeType,
}) {
	const node = { ...workflowNode('Webex', type, parameters, credentials), continueOnFail };
	if (nodeType) testNodeTypes.set(node.type, nodeType);
	const workflow = new Workflow({
		id: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: { timezone },
	});
	const runExecutionData = createRunExecutionData();
	const inputData = { main: [items] };
	const executeData = { node, data: inputData, source: null };
	const additionalData = {
		credentialsHelper: credentialsHelper(credentials),
		executionId: 'test-execution',
		variables: {},
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		currentNodeParameters: undefined,
	};
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'manual',
		runExecutionData,
		0,
		items,
		inputData,
		executeData,
		[],
		signal,
	);
	const result = await new RoutingNode(
		context,
		nodeType ?? nodeTypes.getByName(node.type),
	).runNode();
	return result?.[0] ?? [];
}

/**
 * Runs one poll of a polling trigger of this package with n8n-core's PollContext, as n8n's poll
 * loop does. staticData is the workflow's static data (pass the previous result's to go on, or a
 * JSON copy of it to simulate a restart); mode 'manual' is the editor's "Fetch Test Event".
 * pollBudgetMs shortens n8n's poll budget (getPollBudgetMs, 5 minutes by default).
 * Resolves to {items (null when nothing new), staticData, engineBudget (whether the engine's
 * context has getPollBudgetMs)}; a failed poll's error carries the
 * static data as the poll left it in `staticDataAfter`.
 */
export async function poll(options) {
	const trigger = activeTrigger(options);
	const { items, engineBudget } = await runPoll(trigger, options);
	return {
		items,
		staticData: JSON.parse(JSON.stringify(trigger.workflow.staticData)),
		engineBudget,
	};
}

/**
 * Starts `count` polls of one active workflow's trigger at once, as n8n does when a poll outlasts
 * the trigger's Poll Times (n8n starts the next one regardless). Options as poll's. Resolves to
 * {items: each poll's (null when it emitted nothing), staticData after them all}.
 */
export async function pollsAtOnce({ count, ...options }) {
	const trigger = activeTrigger(options);
	const results = await Promise.all(Array.from({ length: count }, () => runPoll(trigger, options)));
	return {
		items: results.map((result) => result.items),
		staticData: JSON.parse(JSON.stringify(trigger.workflow.staticData)),
	};
}

/** An active workflow holding the trigger, its static data loaded as n8n loads it. */
function activeTrigger({ type, parameters, credentials, staticData = {}, timezone = 'UTC' }) {
	const node = workflowNode('Webex Trigger', type, parameters, credentials);
	// n8n loads static data from its database as plain JSON before each poll: so does this.
	const workflow = new Workflow({
		id: 'test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: JSON.parse(JSON.stringify(staticData)),
		settings: { timezone },
	});
	return { workflow, node, credentials };
}

/** One poll of `trigger`: {items, engineBudget}. */
async function runPoll({ workflow, node, credentials }, { mode = 'trigger', pollBudgetMs }) {
	const additionalData = {
		credentialsHelper: credentialsHelper(credentials),
		executionId: 'test-poll',
		variables: {},
	};
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'trigger',
	);
	// n8n 2.x's poll budget (5 minutes unless a test gives a shorter one; n8n 1.x has none).
	const engineBudget = typeof context.getPollBudgetMs === 'function';
	if (pollBudgetMs !== undefined) context.getPollBudgetMs = () => pollBudgetMs;
	const nodeType = nodeTypes.getByName(node.type);
	try {
		const result = await nodeType.poll.call(context);
		return { items: result?.[0] ?? null, engineBudget };
	} catch (error) {
		// What the failed poll left in the static data, for tests that check it moved nothing.
		error.staticDataAfter = JSON.parse(JSON.stringify(workflow.staticData));
		throw error;
	}
}

/**
 * Runs a credential's test request the way n8n's credentials tester does (a throw-away declarative
 * node whose request defaults are the test request) and applies its response-code rules.
 * Resolves to {status: 'OK' | 'Error', message}.
 */
export async function testCredential(type, data) {
	const credentialType = PACKAGE.credentials[type];
	const nodeType = {
		description: {
			displayName: 'Temp',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			requestDefaults: credentialType.test.request,
			properties: [],
		},
	};
	try {
		await runNode({
			type: 'credentialTest',
			parameters: {},
			credentials: { [type]: data },
			nodeType,
		});
	} catch (error) {
		// What n8n's credentials tester makes of the error (credentials-tester.service.ts, the same
		// on 1.x and 2.x): the rules are read from the answer in the error's cause only, which n8n
		// 1.x's errors drop.
		const response = error.cause?.response;
		if (response) {
			const rule = credentialType.test.rules?.find(
				(r) => r.type === 'responseCode' && r.properties.value === response.status,
			);
			if (rule) return { status: 'Error', message: rule.properties.message };
			if (response.status < 199 || response.status > 299)
				return {
					status: 'Error',
					message: response.statusText || `Received HTTP status code: ${response.status}`,
				};
		} else if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/** Webex credentials pointing at a simulator. */
export function simulatorCredentials(simulator, token = 'sim-token') {
	return { webexApi: { accessToken: token, baseUrl: 'custom', customBaseUrl: simulator.baseUrl } };
}

/**
 * A webhook trigger of this package as n8n runs it: `activate` is n8n's createWebhookIfNotExists
 * (checkExists, then create when it answered false), `deactivate` its deleteWebhook (delete), both
 * with n8n-core's HookContext; `deliver` one call of its webhook URL with n8n-core's
 * WebhookContext. Static data goes in and comes out as JSON, as n8n keeps it in its database.
 * webhookBaseUrl: where n8n's webhook URLs point (n8n's WEBHOOK_URL); isTest: the editor's
 * "Listen for test event" (the test URL). Node ID and webhook ID are fixed per `name`.
 */
export function webhookTrigger({
	type,
	parameters,
	credentials,
	name = 'Webex Webhook',
	webhookBaseUrl = 'https://n8n.example.com',
	isTest = false,
}) {
	const node = {
		...workflowNode(name, type, parameters, credentials),
		webhookId: `hook-${name.toLowerCase().replace(/\W+/g, '-')}`,
	};
	const additionalData = () => ({
		credentialsHelper: credentialsHelper(credentials),
		executionId: 'test-webhook',
		variables: {},
		webhookBaseUrl: `${webhookBaseUrl}/webhook`,
		webhookTestBaseUrl: `${webhookBaseUrl}/webhook-test`,
	});
	const workflowWith = (staticData) =>
		new Workflow({
			id: 'test-workflow',
			name: 'Test workflow',
			nodes: [node],
			connections: {},
			active: !isTest,
			nodeTypes,
			staticData: JSON.parse(JSON.stringify(staticData)),
			settings: { timezone: 'UTC' },
		});
	const webhookData = { isTest, webhookDescription: { name: 'default' }, node: node.name };
	const nodeType = nodeTypes.getByName(node.type);
	const mode = isTest ? 'manual' : 'trigger';
	const hook = async (method, workflow) =>
		await nodeType.webhookMethods.default[method].call(
			new HookContext(
				workflow,
				node,
				additionalData(),
				mode,
				isTest ? 'manual' : 'activate',
				webhookData,
			),
		);
	const after = (workflow) => JSON.parse(JSON.stringify(workflow.staticData));
	return {
		node,
		webhookUrl: `${webhookBaseUrl}/${isTest ? 'webhook-test' : 'webhook'}/${node.webhookId}/webhook`,
		/** Resolves to {created (whether create ran), staticData}. */
		async activate(staticData = {}) {
			const workflow = workflowWith(staticData);
			const exists = await hook('checkExists', workflow);
			if (!exists) await hook('create', workflow);
			return { created: !exists, staticData: after(workflow) };
		},
		/** Resolves to {deleted (what delete answered), staticData}. */
		async deactivate(staticData) {
			const workflow = workflowWith(staticData);
			const deleted = await hook('delete', workflow);
			return { deleted, staticData: after(workflow) };
		},
		/**
		 * One POST to the webhook URL: {status (what n8n answers: 200 with items, or the node's own),
		 * items (null when no execution starts)}.
		 */
		async deliver(staticData, { rawBody, headers = {} }) {
			const workflow = workflowWith(staticData);
			const response = { statusCode: 200 };
			response.status = (code) => ((response.statusCode = code), response);
			response.json = response.send = response.end = () => response;
			let body;
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
			const data = {
				...additionalData(),
				httpRequest: { body, headers, rawBody, params: {}, query: {} },
				httpResponse: response,
			};
			const context = new WebhookContext(workflow, node, data, mode, webhookData, [], null);
			const result = await nodeType.webhook.call(context);
			return {
				status: response.statusCode,
				items: result.noWebhookResponse ? null : (result.workflowData?.[0] ?? null),
			};
		},
	};
}
