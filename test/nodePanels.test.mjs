// What the editor shows of each node, read from the shipped descriptions: help texts that speak only
// of options the node has, tooltips of a sentence or two, and canvas subtitles in words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { n8nWorkflow, PACKAGE } from './helpers/n8n.mjs';

const nodes = Object.values(PACKAGE.nodes).map((node) => node.description);

/** Every field and option of `properties` a user can see, nested ones too. */
function visibleFields(properties) {
	return properties
		.filter((property) => property.type !== 'hidden')
		.flatMap((property) => [
			property,
			...visibleFields((property.options ?? []).filter((option) => option.displayName)),
			...(property.options ?? []).flatMap((option) => visibleFields(option.values ?? [])),
		]);
}

/** Every help text of a node: its fields' descriptions and their values' descriptions. */
function helpTexts(description) {
	return visibleFields(description.properties)
		.flatMap((field) => [
			{ where: field.displayName, text: field.description },
			...(field.options ?? [])
				.filter((option) => option.value !== undefined)
				.map((option) => ({
					where: `${field.displayName} → ${option.name}`,
					text: option.description,
				})),
		])
		.filter(({ text }) => text);
}

const labelsOf = (description) =>
	new Set(visibleFields(description.properties).map((field) => field.displayName));
const plainText = (html) => html.replace(/<[^>]+>/g, '');
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe("the nodes' panels", () => {
	const everyLabel = new Set(nodes.flatMap((description) => [...labelsOf(description)]));

	for (const description of nodes) {
		it(`${description.displayName}: every help text names only options this node has`, () => {
			const own = [...labelsOf(description)].sort((a, b) => b.length - a.length);
			const others = [...everyLabel].filter((label) => !own.includes(label));
			for (const { where, text } of helpTexts(description)) {
				// The node's own labels first (Start From is not From), then any other node's.
				let rest = plainText(text);
				for (const label of own) rest = rest.replaceAll(label, ' ');
				const named = others.filter((label) =>
					new RegExp(`(^|[^\\w])${escape(label)}([^\\w]|$)`).test(rest),
				);
				assert.deepEqual(named, [], `${where}: "${text}"`);
			}
		});

		it(`${description.displayName}: tooltips are a sentence or two (at most 200 characters)`, () => {
			for (const { where, text } of helpTexts(description))
				assert.ok(plainText(text).length <= 200, `${where} (${plainText(text).length}): ${text}`);
		});
	}

	it("the canvas subtitle of Webex Events, Recording Audit and Admin Audit is the chosen operation's action", () => {
		for (const description of nodes.filter((node) => !node.polling)) {
			const nodeType = Object.values(PACKAGE.nodes).find(
				(node) => node.description === description,
			);
			const operations = description.properties.filter((property) => property.name === 'operation');
			for (const property of operations) {
				for (const resource of property.displayOptions.show.resource) {
					for (const operation of property.options) {
						const node = {
							id: 'node',
							name: description.defaults.name,
							type: `n8n-nodes-webex-audit.${description.name}`,
							typeVersion: 1,
							position: [0, 0],
							parameters: { resource, operation: operation.value },
						};
						const workflow = new n8nWorkflow.Workflow({
							nodes: [node],
							connections: {},
							active: false,
							nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType },
						});
						const subtitle = workflow.expression.getSimpleParameterValue(
							node,
							description.subtitle,
							'internal',
							{},
						);
						assert.equal(subtitle, operation.action, `${description.displayName}: ${resource}`);
					}
				}
			}
		}
	});

	it('each trigger has an action for the node picker in words (not "On new Webex Events event")', () => {
		// n8n's node picker names a trigger's actions after the options of a property labelled
		// Event(s) or Trigger On, or else "On new <node name without Trigger> event".
		const actionOf = (description) => {
			const property = description.properties.find((candidate) =>
				['event', 'events', 'trigger on'].includes(candidate.displayName.toLowerCase()),
			);
			return (
				property?.options?.map((option) => option.action ?? option.name) ?? [
					`On new ${description.displayName.replace('Trigger', '').trimEnd()} event`,
				]
			);
		};
		for (const description of nodes.filter((node) => node.polling)) {
			for (const action of actionOf(description))
				assert.doesNotMatch(action, /Events event/, `${description.displayName}: ${action}`);
		}
	});
});
