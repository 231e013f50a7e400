// What n8n's verification checks of the package's metadata: package.json's repository, homepage
// and author and the codex files (nodes/*/*.node.json, as built into dist/) name one public
// GitHub repository, and the README anchors they and the README itself link to exist. And the
// README against the nodes as built: every resource, operation, field and option is named in it,
// every fixed value listed, and nothing it names is missing from the nodes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

import { PACKAGE } from './helpers/n8n.mjs';
import { ROOT } from '../scripts/n8n.mjs';

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The anchors GitHub gives the README's headings. */
const anchors = new Set(
	[...readme.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) =>
		heading
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\- ]/gu, '')
			.replaceAll(' ', '-'),
	),
);

describe('package metadata', () => {
	const [, owner, repo] =
		/^git\+https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)\.git$/.exec(manifest.repository.url) ?? [];

	it('repository, homepage and author name one GitHub repository', () => {
		assert.equal(repo, manifest.name, manifest.repository.url);
		assert.equal(manifest.homepage, `https://github.com/${owner}/${repo}#readme`);
		assert.equal(manifest.author.url, `https://github.com/${owner}`);
		assert.equal(manifest.author.email, `${owner}@users.noreply.github.com`);
	});

	it("every node's codex file names the node and links to this repository's README or Webex", () => {
		for (const file of manifest.n8n.nodes) {
			const codex = JSON.parse(
				readFileSync(path.join(ROOT, file.replace(/\.js$/, '.json')), 'utf8'),
			);
			const { name } = Object.values(PACKAGE.nodes).find((node) =>
				file.endsWith(`/${node.constructor.name}.node.js`),
			).description;
			assert.equal(codex.node, `${manifest.name}.${name}`, file);
			const links = Object.values(codex.resources)
				.flat()
				.map((resource) => resource.url);
			assert.ok(links.length >= 2, file);
			for (const link of links) {
				const ours = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+)#([\w-]+)$/.exec(link);
				if (ours) {
					assert.deepEqual(ours.slice(1, 3), [owner, repo], link);
					assert.ok(anchors.has(ours[3]), `${link}: the README has a heading for #${ours[3]}`);
				} else assert.match(link, /^https:\/\/developer\.webex\.com\/docs\/api\/v1\//, link);
			}
		}
	});

	it('every link within the README points at one of its headings', () => {
		const missing = [...readme.matchAll(/\]\(#([\w-]+)\)/g)]
			.map(([, anchor]) => anchor)
			.filter((anchor) => !anchors.has(anchor));
		assert.deepEqual(missing, []);
	});

	it('lists every example workflow, and no other', () => {
		const listed = [
			...(sections.get('Example workflows') ?? '').matchAll(/^\| `([\w-]+\.json)` \|/gm),
		].map(([, file]) => file);
		const files = readdirSync(path.join(ROOT, 'examples')).filter((file) => file.endsWith('.json'));
		assert.deepEqual(listed.toSorted(), files.toSorted());
	});
});

/** The README's sections by heading (levels 2 and 3), each up to the next such heading. */
const sections = new Map(
	readme
		.split(/^(?=#{2,3} )/m)
		.map((part) => [/^#{2,3} (.+)$/m.exec(part)?.[1], part])
		.filter(([heading]) => heading),
);
const COMMON_OPTIONS = 'Common options';

/**
 * The rows of a section's tables whose second column names parameters: {names, values}, the
 * backticked parameter paths and the backticked words of the third column.
 */
function parameterRows(heading) {
	const backticked = (cell = '') =>
		[...cell.matchAll(/`([a-zA-Z][\w.]*)`/g)].map(([, word]) => word);
	return (sections.get(heading) ?? '')
		.split('\n')
		.filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
		.map((line) => line.slice(2, -2).split(' | '))
		.filter(([, parameters]) => parameters !== 'Parameter')
		.map(([, parameters, values]) => ({
			names: backticked(parameters),
			values: backticked(values),
		}))
		.filter(({ names }) => names.length > 0);
}

/**
 * What the README must name of a node: its parameters (collections by their fields, as
 * `filters.type`), each with its fixed values (undefined where the values are loaded or free),
 * and its "Resource → Operation" pairs. Authentication is the Credentials section's; Request
 * Options are n8n's own; hidden parameters are no field.
 */
function namedByNode({ description }) {
	const parameters = new Map();
	const pairs = new Set();
	const visit = (properties, prefix) => {
		for (const property of properties) {
			const path = `${prefix}${property.name}`;
			if (['authentication', 'requestOptions'].includes(path)) continue;
			// Resources with operations are named as "Resource → Operation" pairs.
			if (path === 'resource' && description.properties.some(({ name }) => name === 'operation'))
				continue;
			// Never shown, never set by a user (the Events Trigger's node-picker action).
			if (property.type === 'hidden') continue;
			if (path === 'operation') {
				const resources = description.properties.find(({ name }) => name === 'resource').options;
				for (const value of property.displayOptions.show.resource)
					for (const operation of property.options)
						pairs.add(`${resources.find((r) => r.value === value).name} → ${operation.name}`);
			} else if (property.type === 'collection') visit(property.options, `${path}.`);
			else {
				const values =
					property.options && !property.typeOptions?.loadOptionsMethod
						? property.options.map(({ value }) => value)
						: undefined;
				// A field shown once per resource (the webhook trigger's Event): all its values.
				const before = parameters.get(path);
				parameters.set(path, values && [...new Set([...(before ?? []), ...values])].sort());
			}
		}
	};
	visit(description.properties, '');
	return { parameters, pairs: [...pairs].sort() };
}

describe('the README and the nodes', () => {
	const nodes = Object.values(PACKAGE.nodes).map((node) => ({
		displayName: node.description.displayName,
		...namedByNode(node),
	}));
	const common = parameterRows(COMMON_OPTIONS).flatMap(({ names }) => names);
	const namesIn = (heading) => parameterRows(heading).flatMap(({ names }) => names);

	it("names each node's resources and operations in the node's section", () => {
		for (const { displayName, pairs } of nodes) {
			assert.ok(sections.has(displayName), `the README has a section "### ${displayName}"`);
			const named = [...sections.get(displayName).matchAll(/\*\*([^*]+ → [^*]+)\*\*/g)];
			assert.deepEqual(named.map(([, pair]) => pair).sort(), pairs, displayName);
		}
	});

	it("names every field and option of every node, in the node's section or the common options", () => {
		const missing = nodes.flatMap(({ displayName, parameters }) => {
			const named = new Set([...namesIn(displayName), ...common]);
			return [...parameters.keys()]
				.filter((path) => !named.has(path))
				.map((path) => `${displayName}: ${path}`);
		});
		assert.deepEqual(missing, []);
	});

	it('names no field or option that the nodes lack', () => {
		const everyParameter = new Set(nodes.flatMap(({ parameters }) => [...parameters.keys()]));
		const unknown = [
			...nodes.flatMap(({ displayName, parameters }) =>
				namesIn(displayName)
					.filter((path) => !parameters.has(path))
					.map((path) => `${displayName}: ${path}`),
			),
			...common
				.filter((path) => !everyParameter.has(path))
				.map((path) => `${COMMON_OPTIONS}: ${path}`),
		];
		assert.deepEqual(unknown, []);
	});

	it('lists exactly the values of every field with fixed values', () => {
		// A node's own section's rows, all of them exact; a node that says "as in" another (the
		// triggers) has a row elsewhere listing exactly its values. Two nodes may have a field of one
		// name with other values (Webex Events' and Webex Meeting Compliance's filters.serviceType).
		const listedIn = (heading) => parameterRows(heading).filter(({ names }) => names.length === 1);
		const listed = [...sections.keys()].flatMap(listedIn);
		const valuesOf = (row) => JSON.stringify([...row.values].sort());
		for (const { displayName, parameters } of nodes)
			for (const [path, values] of parameters) {
				if (!values) continue;
				const own = listedIn(displayName).filter(({ names }) => names[0] === path);
				for (const row of own)
					assert.deepEqual([...row.values].sort(), values, `${displayName}: ${path}`);
				if (own.length) continue;
				const elsewhere = listed.filter(({ names }) => names[0] === path);
				assert.ok(elsewhere.length > 0, `${displayName}: a row lists the values of ${path}`);
				assert.ok(
					elsewhere.some((row) => valuesOf(row) === JSON.stringify(values)),
					`${displayName}: ${path}: a row lists exactly ${values.join(', ')}`,
				);
			}
	});

	it('names every credential and Authentication value in the Credentials section', () => {
		const credentials = sections.get('Credentials');
		const authentication = Object.values(PACKAGE.nodes).flatMap(({ description }) =>
			description.properties
				.find(({ name }) => name === 'authentication')
				.options.map(({ value }) => value),
		);
		for (const name of [...Object.keys(PACKAGE.credentials), ...authentication])
			assert.ok(credentials.includes(`\`${name}\``), `the Credentials section names \`${name}\``);
	});
});
