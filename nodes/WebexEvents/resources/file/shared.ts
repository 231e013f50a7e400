import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { retryOptions } from '../../../shared/descriptions/common';
import { allowUnscannableOption } from '../../../shared/descriptions/events';
import { contentUrlOf } from '../../../shared/files/webexContents';
import { MESSAGE_HINTS } from '../../../shared/messageFiles';
import { failOnField, readRetryPolicy } from '../../../shared/options';
import { createWebexClient, type WebexClient } from '../../../shared/transport';

/** The File field of File → Download and Get Info. */
export function fileField(operation: string): INodeProperties {
	return {
		displayName: 'File',
		name: 'file',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'https://webexapis.com/v1/contents/Y2lzY29zcGFyazovL3VzL0NPTlRFTlQv',
		displayOptions: { show: { resource: ['file'], operation: [operation] } },
		description:
			"A file URL as a message event's data.files lists it, or its content ID. Only URLs of the credential's Base URL are requested.",
	};
}

export const fileRetryAndScanOptions: INodeProperties[] = [allowUnscannableOption, ...retryOptions];

const FILE_HINTS = {
	...MESSAGE_HINTS,
	notFound:
		"No such file: the message's retention period is over, the token is not a compliance officer's, or the URL is wrong.",
};

/**
 * The client and the file's URL of File → Download and Get Info, checked before any request: a
 * URL of another origin than the credential's Base URL fails, naming it (the token never goes
 * there).
 */
export async function fileRequest(
	ctx: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<{ client: WebexClient; url: string; input: string; options: IDataObject }> {
	const input = String(ctx.getNodeParameter('file', '') ?? '').trim();
	if (input === '')
		failOnField(
			ctx,
			'File must be a file URL or a content ID (got "")',
			"Enter a URL from a message's files, for example {{ $json.data.files[0] }}, or a content ID.",
		);
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const client = await createWebexClient(ctx, {
		hints: FILE_HINTS,
		policy: readRetryPolicy(ctx, options),
		engine: requestData.options,
		headers: { Accept: '*/*' },
	});
	const target = contentUrlOf(client, input);
	if ('refused' in target) {
		if (target.refused === 'badValue')
			failOnField(
				ctx,
				`File must be a file URL or a content ID (${target.message})`,
				"Enter a URL from a message's files, for example {{ $json.data.files[0] }}, or a content ID.",
			);
		throw new NodeOperationError(ctx.getNode(), target.message, {
			description: `Only files under ${client.baseUrl.origin} are downloaded with the Webex credential. A link elsewhere (another service's) is no Webex file: fetch it with a node meant for that service.`,
			itemIndex: ctx.getItemIndex(),
		});
	}
	return { client, url: target.url, input, options };
}
