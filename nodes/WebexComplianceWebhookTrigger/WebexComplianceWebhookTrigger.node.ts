import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { authenticationProperty, webexCredentials, webexIcon } from '../shared/descriptions/common';
import { readRetryPolicy } from '../shared/options';
import { createWebexClient, type WebexRequestContext } from '../shared/transport';
import {
	createWebhook,
	deleteWebhook,
	findOwnWebhook,
	wantedWebhook,
	WEBHOOK_ERROR_HINTS,
	isTestActivation,
	webhookOwnerOf,
} from '../shared/webhooks/registration';
import { acceptedAt, deliveryKey, noteAccepted } from '../shared/webhooks/replays';
import { withResolvedData } from '../shared/webhooks/resolve';
import { isKeptFor, isSignedWith, secretOf } from '../shared/webhooks/secrets';
import { webhookTriggerProperties } from './description';

/**
 * How long a delivery may keep Webex waiting for n8n's answer (reading the secret, Resolve Data):
 * Webex gives up on slow targets and sets their webhook inactive.
 */
const DELIVERY_DEADLINE_MS = 10_000;

/** The client of this trigger's requests: its credential, base URL and retry options. */
async function clientOf(ctx: IHookFunctions | IWebhookFunctions, deadlineMs?: number) {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return await createWebexClient(ctx as unknown as WebexRequestContext, {
		hints: WEBHOOK_ERROR_HINTS,
		policy: readRetryPolicy(ctx, options),
		deadlineMs,
	});
}

export class WebexComplianceWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Webex Compliance Webhook Trigger',
		name: 'webexComplianceWebhookTrigger',
		icon: webexIcon,
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["resource"] + " " + $parameter["event"]}}',
		description:
			'Starts the workflow within seconds of a meeting, recording, transcript or space change in the whole organisation, for calls Webex signed',
		defaults: { name: 'Webex Compliance Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: webexCredentials,
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [authenticationProperty, ...webhookTriggerProperties],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const wanted = wantedWebhook(this);
				const staticData = this.getWorkflowStaticData('node');
				// The test URL's activation shares the static data of the live one: it never takes
				// the live webhook's saved ID for its own leftover.
				const savedId = isTestActivation(this) ? undefined : staticData.webhookId;
				const id = await findOwnWebhook(await clientOf(this), wanted, {
					savedId: typeof savedId === 'string' ? savedId : undefined,
					owner: webhookOwnerOf(this),
				});
				if (id === undefined) delete staticData.webhookId;
				else staticData.webhookId = id;
				return id !== undefined;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const wanted = wantedWebhook(this);
				this.getWorkflowStaticData('node').webhookId = await createWebhook(
					await clientOf(this),
					wanted,
					webhookOwnerOf(this),
				);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				if (typeof staticData.webhookId !== 'string') return true;
				try {
					await deleteWebhook(await clientOf(this), staticData.webhookId);
				} catch (error) {
					this.logger.warn(
						`Webex Compliance Webhook Trigger: could not delete webhook ${staticData.webhookId}: ${(error as Error).message}`,
					);
					return false;
				}
				delete staticData.webhookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const refuse = (reason: string): IWebhookResponseData => {
			this.logger.warn(
				`Webex Compliance Webhook Trigger refused a delivery (401, no execution): ${reason}`,
			);
			this.getResponseObject().status(401).json({ message: 'Unauthorized' });
			return { noWebhookResponse: true };
		};
		const savedId = this.getWorkflowStaticData('node').webhookId;
		const notification = this.getBodyData();
		const webhookId = notification?.id;
		// Refused before any lookup: only this activation's webhook is asked for its secret (its ID
		// saved, or, until n8n saves it, the one this process just made or kept for this trigger).
		const ours =
			typeof webhookId === 'string' &&
			(savedId === undefined ? isKeptFor(webhookId, webhookOwnerOf(this)) : webhookId === savedId);
		if (!ours) return refuse("its webhook ID is not this trigger's webhook");
		const signature = this.getHeaderData()['x-spark-signature'];
		if (typeof signature !== 'string' || signature === '')
			return refuse('no X-Spark-Signature header');
		const client = await clientOf(this, Date.now() + DELIVERY_DEADLINE_MS);
		const secret = await secretOf(client, webhookId);
		const { rawBody } = this.getRequestObject();
		if (secret === undefined) return refuse('Webex has no secret for this webhook (deleted?)');
		if (!Buffer.isBuffer(rawBody) || !isSignedWith(rawBody, secret, signature))
			return refuse('the X-Spark-Signature does not match the body');
		const delivery = deliveryKey(webhookId, rawBody);
		const firstMs = acceptedAt(delivery);
		if (firstMs !== undefined) {
			this.logger.warn(
				`Webex Compliance Webhook Trigger answered a repeated delivery (200, no execution): webhook ${webhookId} accepted the same signed body at ${new Date(firstMs).toISOString()}`,
			);
			// No workflowData: n8n answers 200 and starts no execution (1.x and 2.x alike).
			return { webhookResponse: { message: 'Webhook call received' } };
		}
		// Noted before Resolve Data (which never fails the delivery): a replay sent meanwhile is caught.
		noteAccepted(delivery);
		const resolve = this.getNodeParameter('resolveData', true) as boolean;
		const json = resolve ? await withResolvedData(client, notification) : notification;
		return { workflowData: [[{ json }]] };
	}
}
