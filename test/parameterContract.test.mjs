// Node parameters are a public contract (CONTRIBUTING.md): a saved workflow stores parameter names
// and option values, so none may be renamed or removed; a change that needs it is a new node
// version. Every node's parameter names and option values, per node version, are held against a
// committed snapshot (parameterContract.snapshot.json): one that is gone fails; one that is new
// fails too until the snapshot is written again (`npm run snapshot:parameters`) and committed with
// the change.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SNAPSHOT = path.join(ROOT, 'test/parameterContract.snapshot.json');
const require = createRequire(import.meta.url);
const manifest = require(path.join(ROOT, 'package.json'));

/** Every node of the package as built (dist/), by name: {version: description}. */
function builtNodes() {
	return Object.fromEntries(
		manifest.n8n.nodes.map((file) => {
			const node = new (Object.values(require(path.join(ROOT, file)))[0])();
			if (node.nodeVersions)
				return [
					node.description.name,
					Object.fromEntries(
						Object.entries(node.nodeVersions).map(([version, { description }]) => [
							version,
							description,
						]),
					),
				];
			const versions = [node.description.version].flat();
			return [
				node.description.name,
				Object.fromEntries(versions.map((version) => [version, node.description])),
			];
		}),
	);
}

/** Whether a `@version` display condition (a number or n8n's `_cnd`) holds for `version`. */
function versionMatches(condition, version) {
	if (typeof condition === 'number') return condition === version;
	const [[operator, operand]] = Object.entries(condition?._cnd ?? { gte: -Infinity });
	const checks = {
		eq: () => version === operand,
		not: () => version !== operand,
		gte: () => version >= operand,
		gt: () => version > operand,
		lte: () => version <= operand,
		lt: () => version < operand,
		between: () => version >= operand.from && version <= operand.to,
	};
	return checks[operator]?.() ?? true;
}

function shownIn(property, version) {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	const shown = show['@version']?.some((condition) => versionMatches(condition, version)) ?? true;
	const hidden = hide['@version']?.some((condition) => versionMatches(condition, version)) ?? false;
	return shown && !hidden;
}

/**
 * The contract of one node version, sorted: every parameter path (`filters.type`; a fixed
 * collection's `group.option.field`) and every option value (`filters.type=created`), each
 * prefixed with the resource and operation it is shown for (`event/getAll filters.type`).
 */
function contractOf(description, version) {
	const entries = new Set();
	const visit = (properties, prefix, contexts) => {
		for (const property of properties) {
			if (!shownIn(property, version)) continue;
			const { resource, operation } = property.displayOptions?.show ?? {};
			const own = contexts.flatMap((context) =>
				(resource ?? [context.resource]).flatMap((r) =>
					(operation ?? [context.operation]).map((o) => ({ resource: r, operation: o })),
				),
			);
			const name = `${prefix}${property.name}`;
			for (const context of own) {
				const at = [context.resource, context.operation].filter(Boolean).join('/');
				const entry = at ? `${at} ${name}` : name;
				entries.add(entry);
				if (['options', 'multiOptions'].includes(property.type))
					for (const option of property.options ?? []) entries.add(`${entry}=${option.value}`);
			}
			if (property.type === 'collection') visit(property.options, `${name}.`, own);
			if (property.type === 'fixedCollection')
				for (const group of property.options) visit(group.values, `${name}.${group.name}.`, own);
		}
	};
	visit(description.properties, '', [{}]);
	return [...entries].sort();
}

function currentContract() {
	return Object.fromEntries(
		Object.entries(builtNodes()).map(([name, versions]) => [
			name,
			Object.fromEntries(
				Object.entries(versions).map(([version, description]) => [
					version,
					contractOf(description, Number(version)),
				]),
			),
		]),
	);
}

if (process.env.UPDATE_PARAMETER_SNAPSHOT) {
	writeFileSync(SNAPSHOT, `${JSON.stringify(currentContract(), null, '\t')}\n`);
	console.log(`wrote ${path.relative(ROOT, SNAPSHOT)}`);
}

/** The entries of contract `a` (node → version → entries) that contract `b` lacks, named. */
function notIn(a, b) {
	return Object.entries(a).flatMap(([node, versions]) =>
		Object.entries(versions).flatMap(([version, entries]) => {
			const other = new Set(b[node]?.[version] ?? []);
			return entries
				.filter((entry) => !other.has(entry))
				.map((entry) => `${node} v${version}: ${entry}`);
		}),
	);
}

describe('node parameters are a public contract', () => {
	const snapshot = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
	const current = currentContract();

	it('no node, node version, parameter or option value of the snapshot is gone', () => {
		assert.deepEqual(
			notIn(snapshot, current),
			[],
			'saved workflows use these: keep them, and make the change in a new node version (CONTRIBUTING.md, "Node parameters are a public contract")',
		);
	});

	it('everything the nodes define is in the snapshot', () => {
		assert.deepEqual(
			notIn(current, snapshot),
			[],
			'new: run `npm run snapshot:parameters` and commit test/parameterContract.snapshot.json with the change',
		);
	});
});
