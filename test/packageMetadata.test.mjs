// What n8n's verification checks of the package's metadata: package.json's repository, homepage
// and author and the codex files (nodes/*/*.node.json, as built into dist/) name one public
// GitHub repository, and the README anchors they and the README itself link to exist.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
});
