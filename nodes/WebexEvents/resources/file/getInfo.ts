import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchContent } from '../../../shared/files/webexContents';
import { fileField, fileRequest, fileRetryAndScanOptions } from './shared';
import { optionsCollection } from '../../../shared/descriptions/common';

export const fileGetInfoDescription: INodeProperties[] = [
	fileField('getInfo'),
	optionsCollection(fileRetryAndScanOptions, { resource: ['file'], operation: ['getInfo'] }),
];

/**
 * File → Get Info: HEAD, so name, type and size without the bytes, and the malware scan's state:
 * `clean`, or `scanning`, `unscannable` or `infected` (then Webex gives no name, type or size).
 */
export async function getFileInfo(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const { client, url, options } = await fileRequest(this, requestData);
	const outcome = await fetchContent(client, url, {
		head: true,
		allowUnscannable: options.allowUnscannable === true,
	});
	const pairedItem = { item: this.getItemIndex() };
	if (!('refused' in outcome))
		return [{ json: { url, ...outcome.facts, scan: 'clean' }, pairedItem }];
	if (outcome.refused === 'notFound' || outcome.refused === 'foreignOrigin')
		throw new NodeOperationError(this.getNode(), outcome.message, {
			description: `File: ${url}`,
			itemIndex: this.getItemIndex(),
		});
	return [
		{
			json: {
				url,
				fileName: null,
				mimeType: null,
				fileSize: null,
				scan: outcome.refused,
				message: outcome.message,
			},
			pairedItem,
		},
	];
}
