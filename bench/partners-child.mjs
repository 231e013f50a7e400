// One step of bench/partners.mjs, in a process of its own (the simulator's work stays out of its
// event loop, as Webex's does): argv[2] is {step, parallel, baseUrl, staticData}; prints one JSON
// line {records, wallMs, cpuMs (this process's CPU time in the step), staticData}. Steps: `poll` (the Webex Admin Audit Trigger over every
// organisation, Start From 24 hours ago, from staticData), `getMany` (a day of every one) and
// `floor` (what a day of every one takes without n8n: GET /organizations, then one plain fetch
// per organisation, `parallel` at a time, each answer parsed).
import { poll, runNode } from '../test/helpers/n8n.mjs';

const { step, parallel, baseUrl, staticData } = JSON.parse(process.argv[2]);
const credentials = {
	webexApi: { accessToken: 'partner-token', baseUrl: 'custom', customBaseUrl: baseUrl },
};
const common = {
	authentication: 'accessToken',
	organizations: 'all',
	filters: {},
	options: { parallelRequests: parallel },
};

const started = performance.now();
const cpuBefore = process.cpuUsage();
let records;
let after;
if (step === 'poll') {
	const run = await poll({
		type: 'webexAdminAuditTrigger',
		parameters: { ...common, source: 'adminAudit', startFrom: 'hoursAgo', startHoursAgo: 24 },
		credentials,
		staticData,
	});
	records = run.items?.length ?? 0;
	after = run.staticData;
} else if (step === 'floor') {
	const get = async (path) =>
		await (
			await fetch(`${baseUrl}${path}`, { headers: { authorization: 'Bearer partner-token' } })
		).json();
	const orgIds = (await get('/organizations')).items.map((org) => org.id);
	const to = new Date().toISOString();
	const from = new Date(Date.now() - 86_400_000).toISOString();
	records = 0;
	let next = 0;
	const chain = async () => {
		while (next < orgIds.length) {
			const orgId = encodeURIComponent(orgIds[next++]);
			const page = await get(`/adminAudit/events?orgId=${orgId}&from=${from}&to=${to}&max=200`);
			records += page.items.length;
		}
	};
	await Promise.all(Array.from({ length: parallel }, chain));
} else {
	const items = await runNode({
		type: 'webexAdminAudit',
		parameters: { ...common, resource: 'adminAuditEvent', operation: 'getAll', returnAll: true },
		credentials,
	});
	records = items.length;
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(JSON.stringify({ records, wallMs, cpuMs, staticData: after }));
