import { NodeApiError, type INode, type JsonObject } from 'n8n-workflow';

import { TRANSIENT_ERROR_CODES, TRANSIENT_STATUSES } from './retry';

/**
 * What the package keeps of a failed request: never the request itself, whose headers carry the
 * bearer token.
 */
export interface WebexFailure {
	status?: number;
	message: string;
	trackingId?: string;
	retryAfter?: unknown;
	code?: string;
}

/** Per-endpoint advice for the errors a user can fix. */
export interface ErrorHints {
	/** What a 403 usually means for this endpoint (role, scope). */
	forbidden: string;
}

type ErrorLike = {
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	httpCode?: string | null;
	statusCode?: number;
	code?: string;
	message?: string;
	cause?: unknown;
};

/** Extracts status, Webex message, trackingId and Retry-After from whatever n8n's helpers threw. */
export function readFailure(error: unknown): WebexFailure {
	const chain: ErrorLike[] = [];
	for (
		let current = error as ErrorLike | undefined;
		current && chain.length < 5;
		current = current.cause as ErrorLike
	) {
		if (typeof current !== 'object') break;
		chain.push(current);
	}
	const withResponse = chain.find(
		(candidate) => candidate.response && typeof candidate.response === 'object',
	);
	const response = withResponse?.response;
	const headers = lowerCaseKeys(response?.headers);
	const body = parseBody(response?.data ?? response?.body);
	const statusFromChain = chain
		.map((c) => Number(c.httpCode ?? c.statusCode))
		.find((n) => Number.isInteger(n) && n > 0);
	const status = response?.status ?? statusFromChain;
	const code = chain
		.map((c) => c.code)
		.find((c): c is string => typeof c === 'string' && /^[A-Z_]+$/.test(c));
	const webexMessage = typeof body?.message === 'string' ? body.message : undefined;
	return {
		status,
		message:
			webexMessage ??
			(status ? `HTTP ${status}` : (code ?? chain[0]?.message ?? 'The request failed')),
		trackingId:
			(typeof body?.trackingId === 'string' ? body.trackingId : undefined) ??
			stringHeader(headers.trackingid),
		retryAfter: headers['retry-after'],
		code,
	};
}

/** Failures the request loop retries at once with backoff: 423, 502-504, dropped connections. */
export function isRetryableFault(failure: WebexFailure): boolean {
	if (failure.status === undefined)
		return failure.code !== undefined && TRANSIENT_ERROR_CODES.has(failure.code);
	return TRANSIENT_STATUSES.has(failure.status);
}

/** Whether waiting and trying again later can help (what the error tells the user). */
export function isTransient(failure: WebexFailure): boolean {
	return isRetryableFault(failure) || failure.status === 429 || (failure.status ?? 0) >= 500;
}

function hintFor(failure: WebexFailure, hints: ErrorHints): string {
	switch (failure.status) {
		case 400:
			return 'Webex rejected the request: check the filters and options of this node.';
		case 401:
			return 'The access token is missing, wrong or expired. Personal access tokens last 12 hours: create a new one, or use the Webex OAuth2 API credential so n8n refreshes it.';
		case 403:
			return hints.forbidden;
		case 404:
			return "Webex does not know this endpoint at the configured base URL: check the credential's Base URL (it must end in /v1).";
		case 429:
			return 'Webex is rate limiting this token (about 300 requests a minute).';
		case undefined:
			return 'No answer came back from Webex (network error).';
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
	const statusText = failure.status ? `${failure.status}` : (failure.code ?? 'network error');
	const message = `Webex API error (${statusText}): ${failure.message}`;
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

function lowerCaseKeys(headers: unknown): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	if (!headers || typeof headers !== 'object') return result;
	for (const [key, value] of Object.entries(headers)) result[key.toLowerCase()] = value;
	return result;
}

function stringHeader(value: unknown): string | undefined {
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function parseBody(body: unknown): { message?: unknown; trackingId?: unknown } | undefined {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			body = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return body && typeof body === 'object' ? (body as { message?: unknown }) : undefined;
}
