import type { IAuthenticateGeneric, ICredentialTestRequest } from 'n8n-workflow';

import { WEBEX_BASE_URL } from './baseUrl';

/** What the token credentials send with every request: the access token as a bearer token. */
export const webexBearerAuth: IAuthenticateGeneric = {
	type: 'generic',
	properties: {
		headers: {
			Authorization: '=Bearer {{$credentials.accessToken}}',
		},
	},
};

/**
 * The Test button of a token credential: GET /people/me at the chosen base URL, with what a 401
 * means for that credential. A redirect is reported, never followed: following it would send the
 * token elsewhere.
 */
export function webexCredentialTest(unauthorized: string): ICredentialTestRequest {
	return {
		request: {
			baseURL: `=${WEBEX_BASE_URL.credentialTest}`,
			url: '/people/me',
			method: 'GET',
			disableFollowRedirect: true,
			sendCredentialsOnCrossOriginRedirect: false,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: unauthorized } },
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
