#!/usr/bin/env node
// npm run scan: n8n's verification scan (@n8n/scan-community-package) as n8n runs it on a published
// version, minus the steps that need the registry (the provenance check and the downloads). Like
// its analyzePackageByName, it runs the scanner's own analyzePackage twice: on the source
// (SOURCE_FILE_PATTERNS: package.json and {nodes,credentials}/**/*.{js,ts,json}, here the working
// tree; n8n takes the commit the provenance attests) and on the unpacked `npm pack` tarball
// (**/*.js and package.json). The scanner ignores eslint-disable comments (allowInlineConfig:
// false) while `n8n-node lint` honours them, so any such comment in nodes/ or credentials/ is a
// finding too. Prints what it found; exits 1 on any finding. Needs a build (npm run build) first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { packPackage, ROOT } from './n8n.mjs';

const require = createRequire(import.meta.url);
const scannerPath = require.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
// The scanner makes a temporary folder when loaded and leaves it behind unless told to clean up.
createRequire(scannerPath)('tmp').setGracefulCleanup();
const { analyzePackage, SOURCE_FILE_PATTERNS } = await import(pathToFileURL(scannerPath).href);

export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** The scanner's analysis of a source folder (the repository's root, or a copy of it). */
export const scanSource = (dir) => analyzePackage(dir, SOURCE_FILE_PATTERNS);

/** `npm pack` of the built package, unpacked as the scanner unpacks it, and its analysis. */
export async function scanTarball() {
	const dir = mkdtempSync(path.join(tmpdir(), 'webex-audit-scan-'));
	try {
		const { tarball } = packPackage(dir);
		const unpacked = path.join(dir, 'package');
		mkdirSync(unpacked);
		execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
		return await analyzePackage(unpacked, TARBALL_FILE_PATTERNS);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Lines of nodes/ and credentials/ with an inline eslint comment, as `file:line: text`. */
export function inlineEslintComments(dir) {
	return ['nodes', 'credentials'].flatMap((folder) =>
		readdirSync(path.join(dir, folder), { recursive: true })
			.filter((file) => /\.(js|ts|json)$/.test(file))
			.flatMap((file) =>
				readFileSync(path.join(dir, folder, file), 'utf8')
					.split('\n')
					.flatMap((line, index) =>
						/eslint-(disable|enable)|\/\*\s*eslint\s/.test(line)
							? [`${folder}/${file}:${index + 1}: ${line.trim()}`]
							: [],
					),
			),
	);
}

async function main() {
	const { name, version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const legs = [
		[`source (${SOURCE_FILE_PATTERNS.join(', ')})`, () => scanSource(ROOT)],
		[`npm pack tarball (${TARBALL_FILE_PATTERNS.join(', ')})`, scanTarball],
	];
	let passed = true;
	for (const [what, scan] of legs) {
		const result = await scan();
		console.log(
			`${result.passed ? 'passed' : 'FAILED'}  ${what}${result.message ? `: ${result.message}` : ''}`,
		);
		if (result.details) console.log(result.details);
		passed &&= result.passed;
	}
	const comments = inlineEslintComments(ROOT);
	console.log(
		`${comments.length ? 'FAILED' : 'passed'}  no inline eslint comments in nodes/ or credentials/ (n8n's scan ignores them)`,
	);
	for (const comment of comments) console.log(`  ${comment}`);
	passed &&= comments.length === 0;
	console.log(
		passed
			? `${name}@${version} passes n8n's verification scan (@n8n/scan-community-package)`
			: `${name}@${version} fails n8n's verification scan: fix the findings above (eslint-disable comments do not count there)`,
	);
	process.exitCode = passed ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main();
