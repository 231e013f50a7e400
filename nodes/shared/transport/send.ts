import {
	NodeOperationError,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INode,
} from 'n8n-workflow';

import { credentialTypeFor, type WebexClient, type WebexRequestContext } from './client';
import { ERROR_BODY_BYTES, readAtMost } from './responseData';

/**
 * Sending one request on every n8n the package runs on (1.x and 2.x): where n8n 1.x differs, its
 * fallback is here (a failed request's answer kept, an expired OAuth2 token refreshed).
 */

/**
 * Whether n8n's errors keep the error they wrap as `cause`, where the package finds a failed
 * request's answer. n8n 1.x's do not (its ExecutionBaseError declares `cause` as a class field,
 * which overwrites it), so Webex's message and trackingId, Retry-After and a redirect's Location
 * would be lost with it.
 */
let errorsKeepCause: boolean | undefined;
function n8nErrorsKeepCause(node: INode): boolean {
	if (errorsKeepCause === undefined) {
		const probe = new Error('probe');
		errorsKeepCause = new NodeOperationError(node, probe).cause === probe;
	}
	return errorsKeepCause;
}

/**
 * n8n's authenticated request helper; an answer of 300 or more fails with the answer in the error,
 * on every n8n. Where n8n's errors drop it (1.x), the helper is asked for failed answers too
 * (ignoreHttpStatusErrors) and they are failed here, the answer kept.
 */
export async function send(
	client: WebexClient,
	ctx: WebexRequestContext,
	options: IHttpRequestOptions,
): Promise<IN8nHttpFullResponse> {
	const call = async (ignoreHttpStatusErrors: boolean) =>
		(await ctx.helpers.httpRequestWithAuthentication.call(
			ctx as IExecuteSingleFunctions,
			client.credentialType,
			{ ...options, ignoreHttpStatusErrors },
		)) as IN8nHttpFullResponse;
	if (n8nErrorsKeepCause(ctx.getNode())) return await call(false);
	let response = await call(true);
	// n8n renews an expired OAuth2 or service app token only when a 401 fails the request: ask
	// again that way. Should Webex refuse the renewed token too, n8n's error drops its answer: the
	// first refusal's is the one kept.
	if (response.statusCode === 401 && client.credentialType !== credentialTypeFor('accessToken')) {
		const refused = { ...response, body: await readAtMost(response.body, ERROR_BODY_BYTES) };
		response = await call(false).then(undefined, async (error: { httpCode?: unknown }) =>
			String(error?.httpCode) === '401' ? refused : await Promise.reject(error),
		);
	}
	if (response.statusCode < 300) return response;
	throw Object.assign(new Error(`HTTP ${response.statusCode}`), {
		response: { status: response.statusCode, headers: response.headers, data: response.body },
	});
}
