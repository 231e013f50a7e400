import type { IDataObject } from 'n8n-workflow';

import { failOnField } from './options';
import { buildUrl, type WebexClient } from './transport/client';
import { requestWithRetry } from './transport/retry';

/** The organisation of the credential's token (GET /people/me). */
export async function ownOrgId(client: WebexClient): Promise<string> {
	const { body } = await requestWithRetry(client, buildUrl(client.baseUrl, '/people/me', {}));
	const orgId = (body as IDataObject | undefined)?.orgId;
	if (typeof orgId !== 'string' || orgId === '') {
		failOnField(
			client.ctx,
			"Could not read the token's organization",
			'Webex /people/me answered without an orgId. Enter the Organization ID on the node.',
		);
	}
	return orgId;
}
