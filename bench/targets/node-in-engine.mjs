// This package through n8n's declarative engine (bench/node.mjs, the harness the tests use).
import { runChild } from '../child.mjs';
import { webexApiCredential } from '../endpoints.mjs';

export default {
	targets: {
		node: {
			about: "this package through n8n's declarative engine (RoutingNode), no n8n process",
			options: ['parallel'],
		},
	},
	async run({ endpoint, simulator, size, anchor, rows, pageSize }) {
		const credentials = { webexApi: webexApiCredential(simulator) };
		return rows.map((row) => {
			const { items, parameters } = endpoint.nodeInput(simulator, size, anchor, row.parallel);
			if (pageSize !== undefined) parameters.options.pageSize = pageSize;
			const input = { type: endpoint.nodeType, parameters, items, credentials };
			return { ...row, sample: () => runChild('node.mjs', input) };
		});
	},
};
