import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, retryOptions } from '../../../shared/descriptions/common';
import { readHostEmail } from '../../../shared/meetings';
import { failOnField, readBinaryProperty, readRetryPolicy } from '../../../shared/options';
import { buildUrl, createWebexClient, requestWithRetry } from '../../../shared/transport';

const showOnlyForTranscriptDownload = { resource: ['meetingTranscript'], operation: ['download'] };

export const transcriptDownloadDescription: INodeProperties[] = [
	{
		displayName: 'Transcript ID',
		name: 'transcriptId',
		type: 'string',
		required: true,
		default: '={{ $json.id }}',
		displayOptions: { show: showOnlyForTranscriptDownload },
		description:
			'The transcript to download. The default takes it from the input item, so this follows a Meeting Transcript → Get Many.',
	},
	{
		displayName: 'Format',
		name: 'fileFormat',
		type: 'options',
		displayOptions: { show: showOnlyForTranscriptDownload },
		options: [
			{ name: 'VTT', value: 'vtt', description: 'WebVTT: the text with its time codes' },
			{ name: 'TXT', value: 'txt', description: 'Plain text' },
		],
		default: 'vtt',
		description: 'The file format of the transcript',
	},
	optionsCollection(
		[
			{
				displayName: 'Host Email',
				name: 'hostEmail',
				type: 'string',
				default: '',
				description:
					"The meeting host's email address, when an administrator downloads another host's transcript",
			},
			{
				displayName: 'Put Output File in Field',
				name: 'binaryProperty',
				type: 'string',
				default: 'data',
				description: 'The binary field the transcript goes in',
			},
			...retryOptions,
		],
		showOnlyForTranscriptDownload,
	),
];

const MIME_TYPES = { vtt: 'text/vtt', txt: 'text/plain' } as const;

/** A file name of the meeting's topic and start time when the input item has them, else of the ID. */
function fileNameFor(transcriptId: string, format: string, input: IDataObject): string {
	const safe = (text: string) =>
		text
			.replace(/[^\p{L}\p{N} ._-]+/gu, '-')
			.replace(/\s+/g, ' ')
			.trim()
			.slice(0, 80);
	const sameTranscript = input.id === transcriptId;
	const topic =
		sameTranscript && typeof input.meetingTopic === 'string' ? safe(input.meetingTopic) : '';
	const start =
		sameTranscript && typeof input.startTime === 'string'
			? safe(input.startTime.replace(/:/g, '-'))
			: '';
	const name = topic && start ? `${topic} ${start}` : `webex-transcript-${safe(transcriptId)}`;
	return `${name}.${format}`;
}

/**
 * Meeting Transcript → Download, run as the routing's pagination function: the transcript through
 * the credential's base URL (never the items' vttDownloadLink / txtDownloadLink, on the site's own
 * host), as an n8n binary file.
 */
export async function downloadTranscript(
	this: IExecutePaginationFunctions,
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<INodeExecutionData[]> {
	const transcriptId = String(this.getNodeParameter('transcriptId', '') ?? '').trim();
	if (transcriptId === '' || transcriptId === 'undefined' || /[\s/?#]/.test(transcriptId)) {
		failOnField(
			this,
			`Transcript ID must be a Webex transcript ID (got "${transcriptId}")`,
			'Enter a transcript ID, or connect this node after a Meeting Transcript → Get Many so {{ $json.id }} finds one.',
		);
	}
	const format = this.getNodeParameter('fileFormat', 'vtt') as keyof typeof MIME_TYPES;
	if (!(format in MIME_TYPES))
		failOnField(this, `Format must be VTT or TXT (got "${String(format)}")`, 'Pick VTT or TXT.');
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const hostEmail = readHostEmail(this, options.hostEmail);
	if (hostEmail === 'all')
		failOnField(
			this,
			'Host Email cannot be "all" for a download',
			"Enter the meeting host's email address, or leave it empty.",
		);
	const binaryProperty = readBinaryProperty(this, options.binaryProperty);
	const client = await createWebexClient(this, {
		hints: {
			forbidden:
				"Webex refused the transcript: a compliance officer or an administrator of the site downloads any host's transcript (an administrator with Host Email); others only their own.",
			notFound:
				"No transcript with this ID exists, or this token cannot see it (another host's transcript needs Host Email and an administrator token, or the compliance officer role).",
		},
		policy: readRetryPolicy(this, options),
		engine: requestData.options,
		headers: { Accept: `${MIME_TYPES[format]}, */*;q=0.1` },
	});
	const url = buildUrl(client.baseUrl, String(requestData.options.url ?? ''), {
		format,
		hostEmail,
	});
	const { text } = await requestWithRetry(client, url);
	const input = (this.getInputData()?.json ?? {}) as IDataObject;
	const fileName = fileNameFor(transcriptId, format, input);
	const binary = await this.helpers.prepareBinaryData(
		Buffer.from(text, 'utf8'),
		fileName,
		MIME_TYPES[format],
	);
	const json: IDataObject = { transcriptId, format, fileName, fileSize: Buffer.byteLength(text) };
	for (const field of ['meetingTopic', 'startTime', 'siteUrl', 'meetingId'])
		if (input.id === transcriptId && input[field] !== undefined) json[field] = input[field];
	return [
		{ json, binary: { [binaryProperty]: binary }, pairedItem: { item: this.getItemIndex() } },
	];
}
