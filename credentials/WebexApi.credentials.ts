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
			baseURL: `=${WEBEX_BASE_URL.credentialTest}`,
			url: '/people/me',
			method: 'GET',
			// A redirect is reported, never followed: following it would send the token elsewhere.
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
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
			...[301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `The Base URL answered with a redirect (${status}), which is not followed so the token stays at the Base URL. Enter the address the redirect points to as the Custom Base URL if you trust it.`,
				},
			})),
		],
	};
}
