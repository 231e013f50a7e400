import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { fetchContent } from '../../../shared/files/webexContents';
import { readBinaryProperty } from '../../../shared/options';
import { fileField, fileRequest, fileRetryAndScanOptions } from './shared';
import { optionsCollection } from '../../../shared/descriptions/common';

export const fileDownloadDescription: INodeProperties[] = [
	fileField('download'),
	optionsCollection(
		[
			{
				displayName: 'Put Output File in Field',
				name: 'binaryProperty',
				type: 'string',
				default: 'data',
				description: 'The binary field the file goes in',
			},
			...fileRetryAndScanOptions,
		],
		{ resource: ['file'], operation: ['download'] },
	),
];

/**
 * File → Download, run as the routing's pagination function: the file's bytes streamed into n8n's
 * binary data (named by Content-Disposition, typed by Content-Type). A file Webex will not hand
 * over (still scanned, unscannable, infected, gone) fails the item with the reason.
 */
export async function downloadFile(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const { client, url, options } = await fileRequest(this, requestData);
	const binaryProperty = readBinaryProperty(this, options.binaryProperty);
	const outcome = await fetchContent(client, url, {
		allowUnscannable: options.allowUnscannable === true,
		store: async (stream, fileName, mimeType) =>
			await this.helpers.prepareBinaryData(stream as never, fileName, mimeType),
	});
	if ('refused' in outcome) {
		throw new NodeOperationError(this.getNode(), outcome.message, {
			description: `File: ${url}`,
			itemIndex: this.getItemIndex(),
		});
	}
	return [
		{
			json: { url, ...outcome.facts, sha256: outcome.sha256 ?? null },
			binary: outcome.binary ? { [binaryProperty]: outcome.binary } : undefined,
			pairedItem: { item: this.getItemIndex() },
		},
	];
}
