// Fault injection chosen by explicit options. A rule answers a matching request with an error
// instead of data:
//   { status: 429, every: 3, retryAfter: '2' }   every third matching request is rate limited
//   { status: 503, times: 2 }                     the first two matching requests fail, then pass
//   { status: 504, whenMaxAbove: 100 }            requests asking for more than 100 items time out
//   { status: 'reset', times: 1 }                 the connection is dropped without an answer
// `query: {siteUrl: 'acme-emea.webex.com'}` limits a rule to requests with those query values.
// `path` limits a rule to one endpoint (e.g. '/v1/events', or a template of DATA_PATHS in
// endpoints.mjs such as '/v1/events/{eventId}'); `after: n` lets n requests pass first.

export function createFaultRules(rules = []) {
	const state = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
	return {
		/** The rule that fires for this request, if any (counting it as seen). */
		match(path, query, route) {
			for (const entry of state) {
				const { rule } = entry;
				if (rule.path && rule.path !== path && rule.path !== route) continue;
				if (
					rule.query &&
					Object.entries(rule.query).some(([name, value]) => query.get(name) !== value)
				)
					continue;
				if (
					rule.whenMaxAbove !== undefined &&
					!(Number(query.get('max') ?? 100) > rule.whenMaxAbove)
				)
					continue;
				entry.seen++;
				const counted = entry.seen - (rule.after ?? 0);
				if (counted < 1) continue;
				const fires =
					(rule.every !== undefined && counted % rule.every === 0) ||
					(rule.times !== undefined && entry.fired < rule.times) ||
					(rule.every === undefined && rule.times === undefined);
				if (fires) {
					entry.fired++;
					return rule;
				}
			}
			return undefined;
		},
	};
}
