// The webexApi credential `npm run dev` writes for WEBEX_TOKEN / WEBEX_BASE_URL
// (scripts/dev.mjs through webexApiCredentialData): the Base URL field holds one of the
// credential's own option values, so the nodes resolve it to the URL the user meant.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, it } from 'node:test';

import { ROOT, webexApiCredentialData } from '../scripts/n8n.mjs';

const require = createRequire(import.meta.url);
const { WebexApi } = require(path.join(ROOT, 'dist/credentials/WebexApi.credentials.js'));
const { baseUrlOf } = require(path.join(ROOT, 'dist/nodes/shared/baseUrl.js'));
const baseUrlField = new WebexApi().properties.find((property) => property.name === 'baseUrl');
const optionValues = baseUrlField.options.map((option) => option.value);

describe('npm run dev: the credential written for WEBEX_TOKEN', () => {
	it('defaults to the Commercial option, which is the credential default', () => {
		for (const unset of [undefined, '', '  ']) {
			const data = webexApiCredentialData('token-1', unset);
			assert.deepEqual(data, { accessToken: 'token-1', baseUrl: 'https://webexapis.com/v1' });
			assert.equal(data.baseUrl, baseUrlField.default);
			assert.equal(baseUrlOf(data), 'https://webexapis.com/v1');
		}
	});

	it('picks the Commercial or FedRAMP option when WEBEX_BASE_URL is its URL (trailing slash or not)', () => {
		for (const [given, expected] of [
			['https://webexapis.com/v1', 'https://webexapis.com/v1'],
			['https://webexapis.com/v1/', 'https://webexapis.com/v1'],
			['https://api-usgov.webex.com/v1', 'https://api-usgov.webex.com/v1'],
			[' https://api-usgov.webex.com/v1// ', 'https://api-usgov.webex.com/v1'],
		]) {
			const data = webexApiCredentialData('token-1', given);
			assert.deepEqual(data, { accessToken: 'token-1', baseUrl: expected }, given);
			assert.ok(
				optionValues.includes(data.baseUrl),
				`${data.baseUrl} is an option of the credential`,
			);
			assert.equal(baseUrlOf(data), expected);
		}
	});

	it('writes any other URL as Custom with customBaseUrl', () => {
		for (const given of [
			'http://127.0.0.1:4321/v1',
			'https://webex-proxy.example.com/v1/',
			'https://webexapis.com',
		]) {
			const data = webexApiCredentialData('token-1', given);
			const url = given.replace(/\/+$/, '');
			assert.deepEqual(
				data,
				{ accessToken: 'token-1', baseUrl: 'custom', customBaseUrl: url },
				given,
			);
			assert.ok(optionValues.includes('custom'));
			assert.equal(baseUrlOf(data), url);
		}
	});
});
