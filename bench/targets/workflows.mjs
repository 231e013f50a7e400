// The workflows the real-n8n targets import: Manual -> this package's node, and Manual -> n8n's
// HTTP Request node reading the same records.
import { manualWorkflow } from '../../scripts/n8n.mjs';
import { TOKEN } from '../endpoints.mjs';

/** Manual -> this package's node, as a user would configure it (Return All, default page size). */
export function nodeWorkflow(id, nodeType, credential, parameters) {
	return manualWorkflow(id, {
		name: 'Webex',
		type: `CUSTOM.${nodeType}`,
		parameters,
		credentials: { webexApi: credential },
	});
}

/**
 * Manual -> [the API's windows as items] -> HTTP Request following the Link header with its
 * pagination options -> Split Out `items`: one item per record, as the package gives.
 */
export function httpRequestWorkflow(id, urls) {
	const windows = {
		name: 'Windows',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			mode: 'raw',
			jsonOutput: JSON.stringify({ urls }),
			includeOtherFields: false,
			options: {},
		},
	};
	const split = {
		name: 'One Item per URL',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'urls', include: 'noOtherFields', options: {} },
	};
	const http = {
		name: 'HTTP Request',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'GET',
			url: '={{ $json.urls }}',
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Bearer ${TOKEN}` }] },
			options: {
				pagination: {
					pagination: {
						paginationMode: 'responseContainsNextURL',
						nextURL: '={{ ($response.headers.link ?? "").match(/<([^>]+)>;\\s*rel="next"/)?.[1] }}',
						paginationCompleteWhen: 'other',
						completeExpression: '={{ !/rel="next"/.test($response.headers.link ?? "") }}',
					},
				},
			},
		},
	};
	const records = {
		name: 'Records',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: { fieldToSplitOut: 'items', include: 'noOtherFields', options: {} },
	};
	return manualWorkflow(id, windows, split, http, records);
}
