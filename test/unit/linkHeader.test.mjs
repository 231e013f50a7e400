import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shipped } from '../helpers/index.mjs';

const { parseLinkHeader } = shipped('nodes/shared/transport/linkHeader.js');

describe('parseLinkHeader', () => {
	it('reads the next link of a Webex header', () => {
		const header = '<https://webexapis.com/v1/events?max=100&cursor=abc>; rel="next"';
		assert.deepEqual(parseLinkHeader(header), {
			next: 'https://webexapis.com/v1/events?max=100&cursor=abc',
		});
	});

	it('picks rel="next" among other rel values, whatever their order', () => {
		const header =
			'<https://x/v1/e?c=1>; rel="first", <https://x/v1/e?c=2>; rel="next", <https://x/v1/e?c=0>; rel="prev"';
		assert.equal(parseLinkHeader(header).next, 'https://x/v1/e?c=2');
		assert.equal(parseLinkHeader(header).first, 'https://x/v1/e?c=1');
	});

	it('does not take the first URL when it is not rel="next" (the built-in Webex node does)', () => {
		assert.equal(parseLinkHeader('<https://x/v1/e?c=1>; rel="prev"').next, undefined);
	});

	it('accepts several rel values on one link, unquoted rel, extra parameters and arrays', () => {
		assert.equal(parseLinkHeader('<https://x/a>; title="t"; rel="next last"').next, 'https://x/a');
		assert.equal(parseLinkHeader('<https://x/b>; rel=next').next, 'https://x/b');
		assert.equal(
			parseLinkHeader(['<https://x/c>; rel="prev"', '<https://x/d>; rel="next"']).next,
			'https://x/d',
		);
		assert.equal(parseLinkHeader('<https://x/e?a=1,2>; REL="Next"').next, 'https://x/e?a=1,2');
	});

	it('keeps relative references as they are (the page loop resolves them against the page URL)', () => {
		assert.equal(parseLinkHeader('</v1/events?cursor=x>; rel="next"').next, '/v1/events?cursor=x');
		assert.equal(parseLinkHeader('<events?cursor=y>; rel="next"').next, 'events?cursor=y');
	});

	it('reads hostile headers in time linear in their length', () => {
		const timeParse = (header) => {
			const started = process.hrtime.bigint();
			parseLinkHeader(header);
			return Number(process.hrtime.bigint() - started) / 1e6;
		};
		const hostile = (size) => [
			`<${'a'.repeat(size)}`,
			'<'.repeat(size),
			`<x>${'; rel="'.repeat(size / 7)}`,
			`<x>; rel=next${', <'.repeat(size / 3)}`,
		];
		for (const [index, header] of hostile(262_144).entries()) {
			const ms = timeParse(header);
			assert.ok(ms < 250, `hostile header ${index} of 256 KB took ${ms.toFixed(1)} ms`);
		}
		assert.deepEqual(parseLinkHeader(`<${'a'.repeat(262_144)}`), {});
		assert.equal(parseLinkHeader(`<<<<https://x/n>; rel="next"`).next, '<<<https://x/n');
	});

	it('gives nothing for an absent or empty header', () => {
		assert.deepEqual(parseLinkHeader(undefined), {});
		assert.deepEqual(parseLinkHeader(''), {});
	});
});
