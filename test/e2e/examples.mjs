// The example workflows of examples/ as the end-to-end tests run them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../scripts/n8n.mjs';

/** An example workflow, as a user imports it. */
export const example = (file) =>
	JSON.parse(readFileSync(path.join(ROOT, 'examples', file), 'utf8'));

/** What the Webex Events Trigger emits on its first poll with Start From: 24 Hours Ago, read once. */
function eventsOfTheLastDay(trigger) {
	const { maxEventsPerPoll, ...options } = trigger.parameters.options ?? {};
	return {
		...trigger,
		type: 'n8n-nodes-webex-audit.webexEvents',
		typeVersion: 1,
		parameters: {
			resource: 'event',
			operation: 'getAll',
			returnAll: true,
			filters: {
				...trigger.parameters.filters,
				from: '={{ $now.minus({ hours: 24 }).toISO() }}',
			},
			options,
		},
	};
}

/**
 * The example as a test copy. A test starts a workflow from a Manual Trigger, so the Schedule
 * Trigger becomes Manual Trigger -> a Set node of the same name giving the `timestamp` the Schedule
 * Trigger gives, and the Webex Events Trigger Manual Trigger -> a Webex Events node of the same
 * name listing, with the trigger's filters, the events of the last 24 hours (its own polls are
 * tested in trigger.e2e.mjs). Slack becomes a Set node that keeps the message text, Google Sheets a No-Op, and
 * AWS S3 n8n's Read/Write Files node writing the file into `folder` under the name S3 would get.
 */
export function testCopy(workflow, id, folder) {
	const copy = structuredClone(workflow);
	copy.id = id;
	const eventsTrigger = copy.nodes.find(
		(node) => node.type === 'n8n-nodes-webex-audit.webexEventsTrigger',
	);
	const schedule =
		copy.nodes.find((node) => node.type === 'n8n-nodes-base.scheduleTrigger') ?? eventsTrigger;
	copy.nodes.push({
		id: `${id}-start`,
		name: 'Start',
		type: 'n8n-nodes-base.manualTrigger',
		typeVersion: 1,
		position: [-240, 0],
		parameters: {},
	});
	copy.connections.Start = { main: [[{ node: schedule.name, type: 'main', index: 0 }]] };
	copy.nodes = copy.nodes.map((node) => {
		if (node === eventsTrigger) return eventsOfTheLastDay(node);
		if (node === schedule) {
			return {
				...node,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'timestamp', name: 'timestamp', value: '={{ $now.toISO() }}', type: 'string' },
						],
					},
					includeOtherFields: false,
					options: {},
				},
			};
		}
		if (node.type === 'n8n-nodes-base.slack') {
			return {
				...node,
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				credentials: undefined,
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{ id: 'text', name: 'text', value: node.parameters.text, type: 'string' },
						],
					},
					includeOtherFields: false,
					options: {},
				},
			};
		}
		if (node.type === 'n8n-nodes-base.awsS3')
			return {
				...node,
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1,
				credentials: undefined,
				parameters: {
					operation: 'write',
					fileName: `=${folder}/${node.parameters.fileName.replace(/^=/, '')}`,
					dataPropertyName: node.parameters.binaryPropertyName,
					options: {},
				},
			};
		if (node.type === 'n8n-nodes-base.googleSheets')
			return {
				...node,
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				credentials: undefined,
				parameters: {},
			};
		return node;
	});
	return copy;
}
