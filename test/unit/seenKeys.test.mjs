import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';

import { shipped } from '../helpers/index.mjs';

const { SeenKeys } = shipped('nodes/shared/records/seenKeys.js');

const webexId = (kind, uuid, region = 'us') =>
	Buffer.from(`ciscospark://${region}/${kind}/${uuid}`).toString('base64').replace(/=+$/, '');

describe('SeenKeys', () => {
	it('keeps each of 300,000 Webex IDs once, however often met', () => {
		const keys = new SeenKeys();
		const ids = Array.from({ length: 300_000 }, () => webexId('EVENT', randomUUID()));
		assert.equal(ids.filter((id) => keys.addIfNew(id)).length, ids.length);
		assert.equal(ids.filter((id) => keys.addIfNew(id)).length, 0);
		assert.equal(keys.addIfNew(webexId('EVENT', randomUUID())), true);
	});

	it('takes an ID with padding or an upper-case UUID for the same record', () => {
		const keys = new SeenKeys();
		const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
		assert.equal(keys.addIfNew(webexId('EVENT', uuid)), true);
		assert.equal(keys.addIfNew(`${webexId('EVENT', uuid)}==`), false);
		assert.equal(keys.addIfNew(webexId('EVENT', uuid.toUpperCase())), false);
	});

	it('tells apart the same UUID of another kind or region, and the all-zero UUID', () => {
		const keys = new SeenKeys();
		const uuid = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
		const zero = '00000000-0000-0000-0000-000000000000';
		for (const id of [
			webexId('EVENT', uuid),
			webexId('PEOPLE', uuid),
			webexId('EVENT', uuid, 'eu'),
			webexId('EVENT', zero),
		])
			assert.equal(keys.addIfNew(id), true, id);
		assert.equal(keys.addIfNew(webexId('EVENT', zero)), false);
	});

	it('keeps apart texts that only decode alike (URL alphabet, spare bits, stray characters)', () => {
		const keys = new SeenKeys();
		const id = webexId('EVENT', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
		const spareBits = id.slice(0, -1) + String.fromCharCode(id.charCodeAt(id.length - 1) + 1);
		assert.equal(Buffer.from(spareBits, 'base64').equals(Buffer.from(id, 'base64')), true);
		const variants = [id, spareBits, `${id}\n`, `${id.slice(0, 10)}.${id.slice(10)}`];
		const urlSafe = id.replace(/\//g, '_').replace(/\+/g, '-');
		if (urlSafe !== id) variants.push(urlSafe);
		for (const variant of variants) assert.equal(keys.addIfNew(variant), true, variant);
		for (const variant of variants) assert.equal(keys.addIfNew(variant), false, variant);
	});

	it('UUIDs that differ in a few high bits only (not random ones) are all told apart', () => {
		const keys = new SeenKeys();
		const ids = Array.from({ length: 50_000 }, (_, n) =>
			webexId('EVENT', `${n.toString(16).padStart(8, '0')}-0000-1000-8000-000000000000`),
		);
		assert.equal(ids.filter((id) => keys.addIfNew(id)).length, ids.length);
		assert.equal(ids.filter((id) => keys.addIfNew(id)).length, 0);
	});

	it('keeps any other key as it is', () => {
		const keys = new SeenKeys();
		const notQuiteWebex = webexId('EVENT', '0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d0000');
		for (const key of ['abc', 42, '42', notQuiteWebex, 'x'.repeat(80)])
			assert.equal(keys.addIfNew(key), true, String(key));
		for (const key of ['abc', 42, '42', notQuiteWebex, 'x'.repeat(80)])
			assert.equal(keys.addIfNew(key), false, String(key));
	});
});
