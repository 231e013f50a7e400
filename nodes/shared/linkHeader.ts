/**
 * Parses an RFC 8288 Link header into a map of rel -> URL. Several links may share one header
 * (comma separated) and one link may carry several rel values ("next last"). The first URL given
 * for a rel wins. Accepts the header as n8n passes it: a string, an array of strings, or nothing.
 */
export function parseLinkHeader(header: unknown): Record<string, string> {
	const links: Record<string, string> = {};
	const text = Array.isArray(header) ? header.join(', ') : typeof header === 'string' ? header : '';
	const linkPattern = /<([^>]*)>((?:\s*;\s*[^;,<]+)*)/g;
	for (const match of text.matchAll(linkPattern)) {
		const [, url, params] = match;
		const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
		const relValues = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
		for (const value of relValues) {
			if (!(value in links)) links[value] = url.trim();
		}
	}
	return links;
}
