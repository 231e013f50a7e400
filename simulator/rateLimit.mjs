// A token bucket, as an API limits a client's requests per second: `perSecond` tokens come back
// each second, at most `burst` are kept; a request that finds no token is answered 429.
export function tokenBucket({ perSecond, burst = perSecond, now = Date.now }) {
	if (!(perSecond > 0)) throw new RangeError('rateLimit.perSecond must be a positive number');
	if (!(burst >= 1)) throw new RangeError('rateLimit.burst must be at least 1');
	let tokens = burst;
	let last = now();
	return {
		/** Takes a token for one request: false when none is left (answer 429). */
		take() {
			const at = now();
			tokens = Math.min(burst, tokens + ((at - last) / 1000) * perSecond);
			last = at;
			if (tokens < 1) return false;
			tokens--;
			return true;
		},
	};
}
