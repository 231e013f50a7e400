import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	Icon,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { webexBaseUrlProperties } from '../nodes/shared/baseUrl';
import { webexBearerAuth, webexCredentialTest } from '../nodes/shared/tokenCredential';
import { renewServiceAppToken } from '../nodes/shared/serviceApp';

export class WebexServiceAppApi implements ICredentialType {
	name = 'webexServiceAppApi';

	displayName = 'Webex Service App API';

	icon: Icon = { light: 'file:../icons/webex.svg', dark: 'file:../icons/webex.dark.svg' };

	documentationUrl = 'https://developer.webex.com/docs/service-apps';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			required: true,
			default: '',
			description: 'The Client ID of the service app, on its page at developer.webex.com',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The Client Secret of the service app, shown once when the app is created',
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				"The service app's refresh token for your organisation: after a full administrator authorised the app in Control Hub, generate the token pair on the app's page at developer.webex.com (or with POST /applications/{applicationId}/token) and paste its refresh token. n8n renews the access token from it unattended.",
		},
		...webexBaseUrlProperties,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return await renewServiceAppToken(this, credentials);
	}

	authenticate: IAuthenticateGeneric = webexBearerAuth;

	test: ICredentialTestRequest = webexCredentialTest(
		'Webex renewed the access token but refused it. Check that a full administrator authorised the service app in Control Hub, with the scopes it needs.',
	);
}
