/**
 * Parses an RFC 8288 Link header into a map of rel -> URL reference (possibly relative: resolve it
 * against the page's URL). Several links may share one header (comma separated) and one link may
 * carry several rel values ("next last"). The first URL given for a rel wins. Accepts the header as
 * n8n passes it: a string, an array of strings, or nothing. Runs in time linear in the header's
 * length, whatever a server sends (no backtracking pattern over the whole header).
 */
export function parseLinkHeader(header: unknown): Record<string, string> {
	const links: Record<string, string> = {};
	const text = Array.isArray(header) ? header.join(', ') : typeof header === 'string' ? header : '';
	let position = text.indexOf('<');
	while (position !== -1) {
		const urlEnd = text.indexOf('>', position + 1);
		if (urlEnd === -1) break;
		const url = text.slice(position + 1, urlEnd).trim();
		const nextLink = text.indexOf('<', urlEnd + 1);
		const params = text.slice(urlEnd + 1, nextLink === -1 ? text.length : nextLink);
		for (const rel of relValues(params)) {
			if (!(rel in links)) links[rel] = url;
		}
		position = nextLink;
	}
	return links;
}

/** The rel values among a link's parameters ('; rel="next last"'). */
function relValues(params: string): string[] {
	for (const param of params.split(';')) {
		const separator = param.indexOf('=');
		if (separator === -1 || param.slice(0, separator).trim().toLowerCase() !== 'rel') continue;
		const value = param
			.slice(separator + 1)
			.replace(/,\s*$/, '')
			.trim()
			.replace(/^"|"$/g, '');
		return value.toLowerCase().split(/\s+/).filter(Boolean);
	}
	return [];
}
