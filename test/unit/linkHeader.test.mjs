import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { shipped } from '../helpers.mjs';

const { parseLinkHeader } = shipped('nodes/shared/linkHeader.js');

describe('parseLinkHeader', () => {
	it('reads the next link of a Webex header', () => {
		const header = '<https://webexapis.com/v1/events?max=100&cursor=abc>; rel="next"';
		assert.deepEqual(parseLinkHeader(header), { next: 'https://webexapis.com/v1/events?max=100&cursor=abc' });
	});

	it('picks rel="next" among other rel values, whatever their order', () => {
		const header = '<https://x/v1/e?c=1>; rel="first", <https://x/v1/e?c=2>; rel="next", <https://x/v1/e?c=0>; rel="prev"';
		assert.equal(parseLinkHeader(header).next, 'https://x/v1/e?c=2');
		assert.equal(parseLinkHeader(header).first, 'https://x/v1/e?c=1');
	});

	it('does not take the first URL when it is not rel="next" (the built-in Webex node does)', () => {
		assert.equal(parseLinkHeader('<https://x/v1/e?c=1>; rel="prev"').next, undefined);
	});

	it('accepts several rel values on one link, unquoted rel, extra parameters and arrays', () => {
		assert.equal(parseLinkHeader('<https://x/a>; title="t"; rel="next last"').next, 'https://x/a');
		assert.equal(parseLinkHeader('<https://x/b>; rel=next').next, 'https://x/b');
		assert.equal(parseLinkHeader(['<https://x/c>; rel="prev"', '<https://x/d>; rel="next"']).next, 'https://x/d');
		assert.equal(parseLinkHeader('<https://x/e?a=1,2>; REL="Next"').next, 'https://x/e?a=1,2');
	});

	it('gives nothing for an absent or empty header', () => {
		assert.deepEqual(parseLinkHeader(undefined), {});
		assert.deepEqual(parseLinkHeader(''), {});
	});
});
