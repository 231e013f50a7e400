// POST /v1/access_token: the OAuth2 token endpoint, enough for n8n's OAuth2 credential to refresh
// its access token (grant_type=refresh_token). Access tokens it mints act as the default
// compliance officer + full admin (person 0) until they have been used for a number of data requests.
import { trackingId } from './errors.mjs';

export const ACCESS_TOKEN_PATH = '/v1/access_token';
export const ACCESS_TOKEN_EXPIRES_IN = 1209599;
export const REFRESH_TOKEN_EXPIRES_IN = 7776000;

/**
 * Options: clientId ('sim-client'), clientSecret ('sim-secret'), accessTokenLifetimeRequests
 * (data requests an access token answers before it is refused with 401; Infinity).
 */
export function createOAuth(options = {}) {
	const clientId = options.clientId ?? 'sim-client';
	const clientSecret = options.clientSecret ?? 'sim-secret';
	const lifetime = options.accessTokenLifetimeRequests ?? Infinity;
	const accessTokens = new Map();
	const refreshTokens = new Set();
	let minted = 0;

	function mintAccessToken(refreshToken) {
		minted++;
		const accessToken = `oauth-access-${minted}`;
		accessTokens.set(accessToken, { uses: 0, revoked: false });
		return {
			access_token: accessToken,
			expires_in: ACCESS_TOKEN_EXPIRES_IN,
			refresh_token: refreshToken,
			refresh_token_expires_in: REFRESH_TOKEN_EXPIRES_IN,
			token_type: 'Bearer',
		};
	}

	const oauth = {
		clientId,
		clientSecret,
		/** Successful refreshes (grant_type=refresh_token answered 200). */
		refreshCount: 0,
		/** Every token request: {grantType, clientId, refreshToken, status, at} (never the secret). */
		tokenRequests: [],

		/** A valid token pair, as the token endpoint answers it (for a credential's oauthTokenData). */
		issue() {
			const refreshToken = `oauth-refresh-${refreshTokens.size + 1}`;
			refreshTokens.add(refreshToken);
			return mintAccessToken(refreshToken);
		},

		/** Makes an access token answer 401 from now on (as if it had expired). */
		expire(accessToken) {
			const entry = accessTokens.get(accessToken);
			if (entry) entry.revoked = true;
		},

		/** Makes a refresh token invalid (invalid_grant from now on). */
		revokeRefreshToken(refreshToken) {
			refreshTokens.delete(refreshToken);
		},

		/**
		 * The rights of a bearer token minted here, counting this data request: undefined when it is
		 * not one of ours, null when it has expired.
		 */
		caller(token) {
			const entry = accessTokens.get(token);
			if (!entry) return undefined;
			entry.uses++;
			if (entry.revoked || entry.uses > lifetime) return null;
			return { person: 0, compliance: true, admin: true, fullAdmin: true };
		},

		/** Answers one token request: returns {status, body}. */
		answer({ authorization, contentType, rawBody, refuseRefresh }) {
			let params;
			if (/json/i.test(contentType ?? '')) {
				try {
					params = new URLSearchParams(JSON.parse(rawBody || '{}'));
				} catch {
					params = new URLSearchParams();
				}
			} else {
				params = new URLSearchParams(rawBody);
			}
			let id = params.get('client_id') ?? undefined;
			let secret = params.get('client_secret') ?? undefined;
			const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '')?.[1];
			if (basic) {
				const decoded = Buffer.from(basic, 'base64').toString('utf8');
				const colon = decoded.indexOf(':');
				const safeDecode = (value) => {
					try {
						return decodeURIComponent(value.replace(/\+/g, ' '));
					} catch {
						return value;
					}
				};
				id = safeDecode(colon < 0 ? decoded : decoded.slice(0, colon));
				secret = colon < 0 ? '' : safeDecode(decoded.slice(colon + 1));
			}
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

			if (id !== clientId || secret !== clientSecret) {
				return oauthError(401, 'invalid_client', 'Client authentication failed.');
			}
			if (grantType !== 'refresh_token') {
				return oauthError(
					400,
					'unsupported_grant_type',
					`The grant type ${grantType ?? '(missing)'} is not supported here.`,
				);
			}
			if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is required.');
			if (refuseRefresh || !refreshTokens.has(refreshToken)) {
				return oauthError(400, 'invalid_grant', 'The refresh token is invalid or has expired.');
			}
			oauth.refreshCount++;
			return reply(200, mintAccessToken(refreshToken));
		},
	};
	return oauth;
}
