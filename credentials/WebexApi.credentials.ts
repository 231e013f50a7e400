import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { webexBaseUrlProperties } from '../nodes/shared/baseUrl';
import { webexBearerAuth, webexCredentialTest } from '../nodes/shared/tokenCredential';

export class WebexApi implements ICredentialType {
	name = 'webexApi';

	displayName = 'Webex API';

	icon: Icon = { light: 'file:../icons/webex.svg', dark: 'file:../icons/webex.dark.svg' };

	documentationUrl = 'https://developer.webex.com/docs/getting-started';

	properties: INodeProperties[] = [
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'A Webex access token. Personal access tokens from developer.webex.com expire after 12 hours and are not renewed: for scheduled workflows use the Webex Service App API credential (or Webex OAuth2 API), which renew themselves.',
		},
		...webexBaseUrlProperties,
	];

	authenticate: IAuthenticateGeneric = webexBearerAuth;

	test: ICredentialTestRequest = webexCredentialTest(
		'Webex rejected the access token: it is wrong or expired. Personal access tokens last 12 hours; create a new one at developer.webex.com.',
	);
}
