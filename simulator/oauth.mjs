// Webex's OAuth token endpoints, for the two kinds of client that renew their access tokens:
// - POST /v1/access_token (grant_type=refresh_token), for an integration (n8n's OAuth2 credential)
//   and for a service app (the Webex Service App API credential). Not in the published definitions.
// - POST /v1/applications/{applicationId}/token (in the definitions), which an integration with
//   spark:applications_token calls for a service app's token pair in an organisation.
// Access tokens minted here act as the default compliance officer + full admin (person 0). They
// expire after a number of data requests or seconds; refresh tokens can be revoked or expire.
import { trackingId } from './errors.mjs';

export const ACCESS_TOKEN_PATH = '/v1/access_token';
export const SERVICE_APP_TOKEN_PATH = /^\/v1\/applications\/([^/]+)\/token$/;
export const ACCESS_TOKEN_EXPIRES_IN = 1209599;
export const REFRESH_TOKEN_EXPIRES_IN = 7776000;

const RIGHTS = Object.freeze({ person: 0, compliance: true, admin: true, fullAdmin: true });

/**
 * Options:
 * - clientId ('sim-client'), clientSecret ('sim-secret'): the integration;
 * - serviceApp ({applicationId 'sim-service-app', clientId 'sim-service-app-client',
 *   clientSecret 'sim-service-app-secret'}): the service app;
 * - accessTokenLifetimeRequests (Infinity): data requests an access token answers before it is
 *   refused with 401;
 * - accessTokenLifetimeSeconds (Webex's 14 days): seconds an access token lives (fractions for
 *   tests); its expires_in says so, rounded up;
 * - refreshTokenLifetimeSeconds (90 days): seconds a refresh token can renew;
 * - rotateRefreshTokens (false): each renewal answers a new refresh token and ends the old one.
 */
export function createOAuth(options = {}) {
	const integration = {
		kind: 'integration',
		clientId: options.clientId ?? 'sim-client',
		clientSecret: options.clientSecret ?? 'sim-secret',
	};
	const serviceApp = {
		kind: 'serviceApp',
		applicationId: options.serviceApp?.applicationId ?? 'sim-service-app',
		clientId: options.serviceApp?.clientId ?? 'sim-service-app-client',
		clientSecret: options.serviceApp?.clientSecret ?? 'sim-service-app-secret',
	};
	const clients = [integration, serviceApp];
	const lifetimeRequests = options.accessTokenLifetimeRequests ?? Infinity;
	const lifetimeMs = (options.accessTokenLifetimeSeconds ?? ACCESS_TOKEN_EXPIRES_IN) * 1000;
	const refreshLifetimeMs =
		(options.refreshTokenLifetimeSeconds ?? REFRESH_TOKEN_EXPIRES_IN) * 1000;
	/** token -> {uses, revoked, expiresAt} */
	const accessTokens = new Map();
	/** token -> {client, expiresAt} */
	const refreshTokens = new Map();
	let minted = 0;
	let refreshTokensMade = 0;

	function newRefreshToken(client) {
		refreshTokensMade++;
		const prefix = client.kind === 'serviceApp' ? 'service-app-refresh' : 'oauth-refresh';
		const refreshToken = `${prefix}-${refreshTokensMade}`;
		refreshTokens.set(refreshToken, { client, expiresAt: Date.now() + refreshLifetimeMs });
		return refreshToken;
	}

	function tokenPair(client, refreshToken) {
		minted++;
		const prefix = client.kind === 'serviceApp' ? 'service-app-access' : 'oauth-access';
		const accessToken = `${prefix}-${minted}`;
		accessTokens.set(accessToken, { uses: 0, revoked: false, expiresAt: Date.now() + lifetimeMs });
		return {
			access_token: accessToken,
			expires_in: Math.ceil(lifetimeMs / 1000),
			refresh_token: refreshToken,
			refresh_token_expires_in: Math.max(
				0,
				Math.ceil((refreshTokens.get(refreshToken).expiresAt - Date.now()) / 1000),
			),
			token_type: 'Bearer',
		};
	}

	const oauth = {
		clientId: integration.clientId,
		clientSecret: integration.clientSecret,
		serviceApp: { ...serviceApp },
		/** Successful refreshes (grant_type=refresh_token answered 200), of any client. */
		refreshCount: 0,
		/** Every token request: {grantType, clientId, refreshToken, status, at} (never the secret). */
		tokenRequests: [],

		/** A valid token pair of the integration, as the token endpoint answers it (oauthTokenData). */
		issue() {
			return tokenPair(integration, newRefreshToken(integration));
		},

		/** A valid token pair of the service app, as the Developer Portal shows it after authorisation. */
		issueServiceApp() {
			return tokenPair(serviceApp, newRefreshToken(serviceApp));
		},

		/** Makes an access token answer 401 from now on (as if it had expired). */
		expire(accessToken) {
			const entry = accessTokens.get(accessToken);
			if (entry) entry.revoked = true;
		},

		/** Makes every access token minted so far answer 401 (as if their lifetime had passed). */
		expireAll() {
			for (const entry of accessTokens.values()) entry.revoked = true;
		},

		/** Makes a refresh token invalid (invalid_grant from now on), as a re-authorisation or removal does. */
		revokeRefreshToken(refreshToken) {
			refreshTokens.delete(refreshToken);
		},

		/** Whether a refresh token still renews (known, not revoked, not expired). */
		refreshTokenValid(refreshToken) {
			const entry = refreshTokens.get(refreshToken);
			return Boolean(entry && entry.expiresAt > Date.now());
		},

		/**
		 * The rights of a bearer token minted here, counting this data request: undefined when it is
		 * not one of ours, null when it has expired.
		 */
		caller(token) {
			const entry = accessTokens.get(token);
			if (!entry) return undefined;
			entry.uses++;
			if (entry.revoked || entry.uses > lifetimeRequests || entry.expiresAt <= Date.now())
				return null;
			return RIGHTS;
		},

		/** Answers one POST /v1/access_token: returns {status, body}. */
		answer({ authorization, contentType, rawBody, refuseRefresh }) {
			const params = formOrJson(contentType, rawBody);
			let id = params.get('client_id') ?? undefined;
			let secret = params.get('client_secret') ?? undefined;
			const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
			if (basic) [id, secret] = basicCredentials(basic);
			const grantType = params.get('grant_type') ?? undefined;
			const refreshToken = params.get('refresh_token') ?? undefined;
			const entry = { grantType, clientId: id, refreshToken, status: 0, at: Date.now() };
			oauth.tokenRequests.push(entry);
			const reply = (status, body) => {
				entry.status = status;
				return { status, body };
			};
			const oauthError = (status, error, description) =>
				reply(status, { error, error_description: description, trackingId: trackingId() });

			const client = clients.find(
				(candidate) => candidate.clientId === id && candidate.clientSecret === secret,
			);
			if (!client) return oauthError(401, 'invalid_client', 'Client authentication failed.');
			if (grantType !== 'refresh_token') {
				return oauthError(
					400,
					'unsupported_grant_type',
					`The grant type ${grantType ?? '(missing)'} is not supported here.`,
				);
			}
			if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required.');
			const known = refreshTokens.get(refreshToken);
			if (refuseRefresh || !oauth.refreshTokenValid(refreshToken) || known.client !== client) {
				return oauthError(400, 'invalid_grant', 'The refresh token is invalid or has expired.');
			}
			oauth.refreshCount++;
			if (!options.rotateRefreshTokens) return reply(200, tokenPair(client, refreshToken));
			refreshTokens.delete(refreshToken);
			return reply(200, tokenPair(client, newRefreshToken(client)));
		},

		/**
		 * Answers one POST /v1/applications/{applicationId}/token from an integration (`caller` is its
		 * bearer token's rights, already checked): returns {status, body}.
		 */
		answerServiceAppToken({ applicationId, rawBody }) {
			let body;
			try {
				body = JSON.parse(rawBody || '{}');
			} catch {
				body = {};
			}
			oauth.tokenRequests.push({
				grantType: 'service_app_token',
				clientId: body.clientId,
				status: 0,
				at: Date.now(),
			});
			const entry = oauth.tokenRequests.at(-1);
			const webexError = (status, message) => {
				entry.status = status;
				return {
					status,
					body: { message, errors: [{ description: message }], trackingId: trackingId() },
				};
			};
			if (!body.clientId || !body.clientSecret || !body.targetOrgId)
				return webexError(400, 'clientId, clientSecret and targetOrgId are required.');
			if (
				decodeURIComponent(applicationId) !== serviceApp.applicationId ||
				body.clientId !== serviceApp.clientId ||
				body.clientSecret !== serviceApp.clientSecret
			)
				return webexError(404, 'No authorized service app with this ID and client credentials.');
			entry.status = 200;
			return { status: 200, body: oauth.issueServiceApp() };
		},
	};
	return oauth;
}

function formOrJson(contentType, rawBody) {
	if (!/json/i.test(contentType ?? '')) return new URLSearchParams(rawBody);
	try {
		return new URLSearchParams(JSON.parse(rawBody || '{}'));
	} catch {
		return new URLSearchParams();
	}
}

/** A Basic header's client ID and secret (form-encoded inside, as RFC 6749 says). */
function basicCredentials(encoded) {
	const decoded = Buffer.from(encoded, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	const safeDecode = (value) => {
		try {
			return decodeURIComponent(value.replace(/\+/g, ' '));
		} catch {
			return value;
		}
	};
	return [
		safeDecode(colon < 0 ? decoded : decoded.slice(0, colon)),
		colon < 0 ? '' : safeDecode(decoded.slice(colon + 1)),
	];
}
