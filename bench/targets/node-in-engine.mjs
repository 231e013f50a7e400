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
	async run({ endpoint, simulator, size, anchor, rows, pageSize, resolvePeople = [false] }) {
		const credentials = { webexApi: webexApiCredential(simulator) };
		return rows.flatMap((row) =>
			resolvePeople.map((resolve) => {
				const { items, parameters } = endpoint.nodeInput(simulator, size, anchor, row.parallel);
				if (pageSize !== undefined) parameters.options.pageSize = pageSize;
				if (resolve) parameters.options.resolvePeople = true;
				const input = { type: endpoint.nodeType, parameters, items, credentials };
				return {
					...row,
					sample: async () => ({
						...(await runChild('node.mjs', input)),
						...(resolve ? { resolvePeople: true } : {}),
					}),
				};
			}),
		);
	},
};
