import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { retryKind, type FailureFacts } from './retryPolicy';

/** The code of an answer cut off at the policy's maxBodyBytes. */
export const BODY_TOO_LARGE = 'ERR_BODY_TOO_LARGE';

/**
 * What the package keeps of a failed request: never the request itself, whose headers carry the
 * bearer token. Text that came from the server is scrubbed of secrets before it is kept.
 */
export interface WebexFailure extends FailureFacts {
	message: string;
	trackingId?: string;
	/** The Location of a redirect answer. */
	location?: string;
	/** The server's TLS certificate was refused (self-signed, expired, another name). */
	untrustedCertificate?: boolean;
}

/** Per-endpoint advice for the errors a user can fix. */
export interface ErrorHints {
	/** What a 403 usually means for this endpoint (role, scope). */
	forbidden: string;
	/** What a 404 means when the endpoint itself exists (a missing record); default: the base URL. */
	notFound?: string;
	/** What a 401 means for the credential in use; default: a pasted access token's advice. */
	unauthorized?: string;
}

/** What a 401 means, for each credential type: a pasted token expires, the others were renewed. */
const UNAUTHORIZED_HINTS: Record<string, string> = {
	webexApi:
		'The access token is missing, wrong or expired. Personal access tokens last 12 hours: create a new one, or use the Webex Service App API or Webex OAuth2 API credential, which n8n renews.',
	webexOAuth2Api:
		'Webex refused the token although n8n renewed it: reconnect the Webex OAuth2 API credential (its user may have left, lost a role or scope, or changed the password).',
	webexServiceAppApi:
		'Webex refused the token although n8n renewed it: check that a full administrator still authorises the service app in Control Hub (Apps > Service Apps), with the scopes this node needs.',
};

export const unauthorizedHint = (credentialType: string) =>
	UNAUTHORIZED_HINTS[credentialType] ?? UNAUTHORIZED_HINTS.webexApi;

/** Whether waiting and trying again later can help (what the error tells the user). */
function isTransient(failure: WebexFailure): boolean {
	return retryKind(failure) !== undefined;
}

function hintFor(failure: WebexFailure, hints: ErrorHints): string {
	if (failure.timedOut)
		return "Webex did not answer in time (the node's Timeout option under Request Options, 300 seconds by default).";
	if (failure.code === BODY_TOO_LARGE)
		return 'The answer was far larger than any Webex page: check that the Base URL points at the Webex API. The node stopped reading it.';
	if (failure.untrustedCertificate)
		return `The server's TLS certificate is not trusted (${failure.code}: self-signed, expired or issued for another name). For a proxy or simulator of your own, turn on Ignore SSL Issues under the node's Request Options, or give n8n your CA with NODE_EXTRA_CA_CERTS; the Webex cloud never needs it.`;
	if (failure.status === undefined && failure.code === undefined)
		return 'n8n could not make the request. If the message names the credential, open it and reconnect it (OAuth2) or enter a new access token.';
	switch (failure.status) {
		case 400:
			return 'Webex rejected the request: check the filters and options of this node.';
		case 401:
			return hints.unauthorized ?? UNAUTHORIZED_HINTS.webexApi;
		case 403:
			return hints.forbidden;
		case 404:
			return (
				hints.notFound ??
				"Webex found nothing at this address: the record asked for does not exist or the token cannot see it, or the credential's Base URL does not point at the Webex API (Commercial, FedRAMP, or a custom URL such as https://webex-proxy.example.com/v1)."
			);
		case 407:
			return "The proxy in the node's Request Options refused its credentials: check the user:password in the Proxy URL (http://user:password@host:port).";
		case 429:
			return 'Webex is rate limiting this token (about 300 requests a minute).';
		case undefined:
			return 'No complete answer came back from Webex (network error).';
		default:
			return 'Webex had a problem handling the request.';
	}
}

/** A NodeApiError with the Webex message, the status, the trackingId and what to do about it. */
export function webexApiError(
	node: INode,
	failure: WebexFailure,
	hints: ErrorHints,
	{ itemIndex, extra }: { itemIndex?: number; extra?: string } = {},
): NodeApiError {
	const retryable = isTransient(failure);
	const statusText = failure.status
		? `${failure.status}`
		: failure.timedOut
			? 'timeout'
			: failure.untrustedCertificate
				? 'certificate'
				: (failure.code ?? 'request failed');
	const message = `Webex API error (${statusText}): ${messageOf(failure)}`;
	const description = [
		hintFor(failure, hints),
		extra,
		retryable ? 'Retrying later can help.' : 'Retrying will not help until the cause is fixed.',
		failure.trackingId
			? `Webex tracking ID (give it to Webex support): ${failure.trackingId}`
			: undefined,
	]
		.filter(Boolean)
		.join(' ');
	const error = new NodeApiError(
		node,
		{
			message,
			description,
			httpCode: statusText,
			trackingId: failure.trackingId ?? null,
		} as JsonObject,
		{ message, description, httpCode: statusText, itemIndex },
	);
	error.context.trackingId = failure.trackingId;
	error.context.retryable = retryable;
	return error;
}

function messageOf(failure: WebexFailure): string {
	if (failure.status) return failure.message;
	if (failure.code === BODY_TOO_LARGE) return 'the answer was too large to read';
	if (failure.timedOut) return 'no answer in time';
	if (failure.untrustedCertificate) return "the server's TLS certificate is not trusted";
	return failure.message;
}
