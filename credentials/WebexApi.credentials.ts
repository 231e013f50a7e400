import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { webexBaseUrlProperties, WEBEX_BASE_URL } from '../nodes/shared/baseUrl';

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
				'A Webex access token. Personal access tokens from developer.webex.com expire after 12 hours; for scheduled workflows use a service app or the Webex OAuth2 API credential.',
		},
		...webexBaseUrlProperties,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `=${WEBEX_BASE_URL.credentials}`,
			url: '/people/me',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Webex rejected the access token: it is wrong or expired. Personal access tokens last 12 hours; create a new one at developer.webex.com.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: 'No Webex API at this Base URL: a custom base URL must end in /v1.',
				},
			},
		],
	};
}
