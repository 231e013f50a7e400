import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

import { webexBaseUrlProperties, WEBEX_BASE_URL } from '../nodes/shared/baseUrl';

// Events need a Compliance Officer; recording summaries of other hosts need a site admin.
// Users without a role can remove the scopes they cannot grant.
const DEFAULT_SCOPES =
	'spark-compliance:events_read meeting:admin_recordings_read meeting:recordings_read spark:people_read';

export class WebexOAuth2Api implements ICredentialType {
	name = 'webexOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Webex OAuth2 API';

	icon: Icon = { light: 'file:../icons/webex.svg', dark: 'file:../icons/webex.dark.svg' };

	documentationUrl = 'https://developer.webex.com/docs/integrations';

	properties: INodeProperties[] = [
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		...webexBaseUrlProperties,
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{${WEBEX_BASE_URL.self}}}/authorize`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{${WEBEX_BASE_URL.self}}}/access_token`,
			required: true,
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: DEFAULT_SCOPES,
			description:
				'Space-separated Webex scopes. spark-compliance:events_read needs the Compliance Officer role; meeting:admin_recordings_read needs a site admin (for Host Email). Compliance officers may use spark-compliance:meetings_read for recording summaries instead.',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];
}
