// The floor: a plain undici loop (bench/floor.mjs) that follows the Link header; no n8n.
import { runChild } from '../child.mjs';
import { TOKEN } from '../endpoints.mjs';

export default {
	targets: {
		floor: {
			about: 'a plain undici loop following the Link header, one page at a time; no n8n',
			options: [],
		},
	},
	async run({ endpoint, simulator, anchor, rows }) {
		const input = { urls: endpoint.floorUrls(simulator, anchor), token: TOKEN };
		return rows.map((row) => ({ ...row, sample: () => runChild('floor.mjs', input) }));
	},
};
