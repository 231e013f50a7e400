import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { baseUrlOf, isSafeBaseUrl } from './baseUrl';
import { BodyTooLarge, parseJson, readAtMost } from './transport/responseData';
import { scrubSecrets, secretForms } from './transport/secrets';

/**
 * A Webex service app's access token, renewed from its refresh token at Webex's OAuth token
 * endpoint. n8n calls this (the credential's preAuthentication) when the credential holds no access
 * token and again after a 401, and stores what it returns in the credential.
 */

/** Every refusal's message starts so: the nodes recognise it in whatever n8n wraps it in. */
export const RENEWAL_FAILED = 'Webex did not renew the service app access token';

const REAUTHORIZE =
	'A full administrator authorises the service app again in Control Hub (Apps > Service Apps), then copy the new refresh token from the service app on developer.webex.com into this credential.';

/** What a refused refresh token (invalid_grant) is called in the message. */
const REFRESH_TOKEN_REFUSED = 'the refresh token is revoked, expired or wrong';

const RENEWAL_TIMEOUT_MS = 30_000;
/** A token answer is a few hundred bytes: anything much larger is not Webex's. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** The fields n8n stores back into the credential: the new access token, and a refresh token Webex rotated. */
export async function renewServiceAppToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<IDataObject> {
	const secrets = secretForms([credentials.clientSecret, credentials.refreshToken]);
	const fail = (why: string, fix: string): never => {
		throw new Error(scrubSecrets(`${RENEWAL_FAILED}: ${why}.\n${fix}`, secrets));
	};
	for (const field of ['clientId', 'clientSecret', 'refreshToken'] as const) {
		if (typeof credentials[field] !== 'string' || credentials[field].trim() === '')
			fail(
				`the credential's ${fieldLabels[field]} is empty`,
				`Enter it in the credential. ${REAUTHORIZE}`,
			);
	}
	const baseUrl = parsedUrl(baseUrlOf(credentials));
	if (!baseUrl || !isSafeBaseUrl(baseUrl))
		return fail(
			"the credential's Base URL is not an https URL",
			'Pick Commercial or FedRAMP, or enter a Custom Base URL with https (http only for 127.0.0.1 or localhost).',
		);
	// The base URL's path, without a query or fragment or user:password: the secret goes to the
	// token endpoint of the base URL's origin and nowhere else.
	const tokenUrl = new URL(`${baseUrl.pathname.replace(/\/+$/, '')}/access_token`, baseUrl.origin);
	// n8n's timeout fires only while the connection is idle: a deadline on the whole exchange.
	const deadline = AbortSignal.timeout(RENEWAL_TIMEOUT_MS);
	let response: { statusCode: number; text: string };
	try {
		const answer = (await helper.helpers.httpRequest({
			method: 'POST',
			url: tokenUrl.toString(),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				client_id: String(credentials.clientId).trim(),
				client_secret: String(credentials.clientSecret).trim(),
				refresh_token: String(credentials.refreshToken).trim(),
			}).toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			encoding: 'stream',
			timeout: RENEWAL_TIMEOUT_MS,
			abortSignal: deadline,
		})) as { statusCode: number; body: unknown };
		response = {
			statusCode: answer.statusCode,
			text: await readAtMost(answer.body, MAX_ANSWER_BYTES),
		};
	} catch (error) {
		return fail(
			`the token endpoint at ${tokenUrl.origin} ${deadline.aborted ? `did not answer within ${RENEWAL_TIMEOUT_MS / 1000} seconds` : unreachable(error)}`,
			'Try again later; check the Base URL if it persists.',
		);
	}
	const body = parseBody(response.text);
	if (response.statusCode === 200 && typeof body.access_token === 'string' && body.access_token) {
		const renewed: IDataObject = { accessToken: body.access_token };
		if (typeof body.refresh_token === 'string' && body.refresh_token)
			renewed.refreshToken = body.refresh_token;
		return renewed;
	}
	return fail(refusalOf(response.statusCode, body), fixFor(response.statusCode, body));
}

function parsedUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

const fieldLabels = {
	clientId: 'Client ID',
	clientSecret: 'Client Secret',
	refreshToken: 'Refresh Token',
};

type TokenAnswer = {
	access_token?: unknown;
	refresh_token?: unknown;
	error?: unknown;
	error_description?: unknown;
	message?: unknown;
	trackingId?: unknown;
};

/** The token endpoint's JSON object; {} for anything else. */
function parseBody(text: string): TokenAnswer {
	const body = parseJson(text);
	return body && typeof body === 'object' ? (body as TokenAnswer) : {};
}

/**
 * Why the token endpoint could not be reached, in words: n8n replaces a message that names a
 * network error code (ECONNREFUSED, ...) with its own, which would lose what the renewal says.
 */
function unreachable(error: unknown): string {
	if (error instanceof BodyTooLarge)
		return `answered with more than ${MAX_ANSWER_BYTES / 1024} KB, which is no token answer`;
	const code = String(
		(error as { code?: unknown; cause?: { code?: unknown } })?.code ??
			(error as { cause?: { code?: unknown } })?.cause?.code ??
			'',
	);
	if (code === 'ECONNREFUSED') return 'refused the connection';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'has a host name that was not found';
	if (/CERT|SELF_SIGNED|TLS/.test(code)) return 'has a TLS certificate that is not trusted';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'dropped the connection';
	return 'could not be reached';
}

/** The OAuth error code, from `error` or inside Webex's own message ("(invalid_grant) ..."). */
function oauthError(body: TokenAnswer): string | undefined {
	if (typeof body.error === 'string') return body.error;
	return /\b(invalid_grant|invalid_client|unauthorized_client|invalid_request)\b/.exec(
		String(body.message ?? ''),
	)?.[1];
}

function refusalOf(status: number, body: TokenAnswer): string {
	const said = [body.error_description, body.message].find(
		(text): text is string => typeof text === 'string' && text !== '',
	);
	const tracking = typeof body.trackingId === 'string' ? `, trackingId ${body.trackingId}` : '';
	const what =
		status >= 300 && status < 400
			? `the token endpoint answered with a redirect (${status}), which is not followed`
			: `Webex answered ${status}${said ? ` "${said}"` : ''}${tracking}`;
	switch (oauthError(body)) {
		case 'invalid_grant':
			return `${REFRESH_TOKEN_REFUSED} (${what})`;
		case 'invalid_client':
		case 'unauthorized_client':
			return `the Client ID or Client Secret is wrong (${what})`;
		default:
			return what;
	}
}

function fixFor(status: number, body: TokenAnswer): string {
	const error = oauthError(body);
	if (error === 'invalid_client' || error === 'unauthorized_client')
		return 'Copy the Client ID and Client Secret of the service app from developer.webex.com (regenerating the secret there ends the old one).';
	if (error === 'invalid_grant' || status === 400 || status === 401) return REAUTHORIZE;
	if (status === 404)
		return 'No Webex token endpoint at this Base URL: a custom base URL must end in /v1.';
	if (status === 429 || status >= 500) return 'Webex is busy or down: the next run tries again.';
	return "Check the credential's Base URL and fields.";
}

/**
 * The renewal refusal inside an error n8n built around it (its message, or a cause's): what
 * happened, what to do, and whether Webex refused the refresh token itself (which a renewal by
 * another run with the same token, when Webex rotates them, also causes).
 */
export function renewalFailureIn(
	error: unknown,
): { message: string; fix: string; refreshTokenRefused: boolean } | undefined {
	let current = error as { message?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const text = typeof current.message === 'string' ? current.message : '';
		if (text.includes(RENEWAL_FAILED)) {
			const [message, fix = ''] = text.slice(text.indexOf(RENEWAL_FAILED)).split('\n');
			return { message, fix, refreshTokenRefused: message.includes(REFRESH_TOKEN_REFUSED) };
		}
		current = current.cause as typeof current;
	}
	return undefined;
}
