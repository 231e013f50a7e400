// n8n's verification scan (scripts/scan.mjs, the scanner's own analysis) on a copy of the source
// with the events filter Resource named `resource` again, as it was, eslint-disable comment and
// all: the scan fails on it, so the field's name `eventResource` is what makes the source pass.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

import { ROOT } from '../scripts/n8n.mjs';
import { inlineEslintComments, scanSource } from '../scripts/scan.mjs';

const FIELD = `	resource: {
		displayName: 'Resource',
		name: 'eventResource',`;
const OLD_FIELD = `	// eslint-disable-next-line n8n-nodes-base/node-param-resource-without-no-data-expression
	resource: {
		displayName: 'Resource',
		name: 'resource',`;

describe("n8n's verification scan", () => {
	const copy = mkdtempSync(path.join(tmpdir(), 'webex-audit-scan-source-'));
	after(() => rmSync(copy, { recursive: true, force: true }));

	it('fails on the events filter named `resource`, even with an eslint-disable comment', async () => {
		for (const entry of ['package.json', 'nodes', 'credentials', 'icons'])
			cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true });
		const file = path.join(copy, 'nodes/shared/descriptions/events.ts');
		const source = readFileSync(file, 'utf8');
		assert.ok(
			source.includes(FIELD),
			'descriptions/events.ts has the Resource filter as eventResource',
		);
		writeFileSync(file, source.replace(FIELD, OLD_FIELD));

		const result = await scanSource(copy);
		assert.equal(result.passed, false);
		assert.match(
			result.details,
			/nodes\/shared\/descriptions\/events\.ts\n\s+\d+:\d+\s+error\s+Add 'noDataExpression: true'.*n8n-nodes-base\/node-param-resource-without-no-data-expression/,
		);
		assert.match(result.details, /✖ 1 problem \(1 error/, 'and nothing else');
		assert.deepEqual(
			inlineEslintComments(copy).map((line) => line.split(':')[0]),
			['nodes/shared/descriptions/events.ts'],
			'the comment is found too',
		);
	});
});
