import { BODY_TOO_LARGE, type WebexFailure } from './errors';
import { lowerCaseHeaders, parseJson } from './responseData';
import { retryKind } from './retryPolicy';
import { scrubSecrets } from './secrets';

/** What a failed request left in whatever n8n's helpers threw: its status, Webex's words, its headers. */

type ErrorLike = {
	response?: { status?: number; headers?: Record<string, unknown>; data?: unknown; body?: unknown };
	httpCode?: string | null;
	statusCode?: number;
	code?: string;
	message?: string;
	cause?: unknown;
};

/** The error and its causes (n8n wraps the HTTP client's error), a few levels deep. */
function causeChain(error: unknown): ErrorLike[] {
	const chain: ErrorLike[] = [];
	for (
		let current = error as ErrorLike | undefined;
		current && chain.length < 5;
		current = current.cause as ErrorLike
	) {
		if (typeof current !== 'object') break;
		chain.push(current);
	}
	return chain;
}

function responseOf(chain: ErrorLike[]) {
	return chain.find((candidate) => candidate.response && typeof candidate.response === 'object')
		?.response;
}

/**
 * The HTTP answer inside whatever n8n's helpers threw, for code that must read its body (a stream
 * when the request asked for one).
 */
export function failedResponseOf(error: unknown): { data?: unknown } | undefined {
	return responseOf(causeChain(error));
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|ERR_TLS/;

const isCode = (value: unknown): value is string =>
	typeof value === 'string' && /^[A-Z_]+$/.test(value);

/** A code of the HTTP client's errors the package acts on: a timeout, a fault, a certificate. */
const isNetworkCode = (code: string) =>
	TIMEOUT_CODES.has(code) || retryKind({ code }) === 'fault' || CERTIFICATE_CODE.test(code);

/**
 * Extracts status, Webex message, trackingId, Retry-After and Location from whatever n8n's helpers
 * threw, with `secrets` (and anything shaped like an Authorization value) scrubbed from the text.
 */
export function readFailure(error: unknown, secrets: string[] = []): WebexFailure {
	const chain = causeChain(error);
	const response = responseOf(chain);
	const headers = lowerCaseHeaders(response?.headers);
	const body = parseBody(response?.data ?? response?.body);
	const statusFromChain = chain
		.map((c) => Number(c.httpCode ?? c.statusCode))
		.find((n) => Number.isInteger(n) && n > 0);
	const answeredStatus = response?.status ?? statusFromChain;
	// n8n 1.x's errors drop the HTTP client's error they wrap (see send.ts) and leave its code in
	// their httpCode: a network error's code is read from there.
	const code =
		chain.map((c) => c.code).find(isCode) ??
		chain.map((c) => c.httpCode).find((c): c is string => isCode(c) && isNetworkCode(c));
	// An answer that began (2xx) but broke off is a timeout or a dropped connection, not a success.
	const brokeOff = answeredStatus !== undefined && answeredStatus < 300;
	const status = brokeOff ? undefined : answeredStatus;
	const timedOut =
		status === undefined &&
		code !== BODY_TOO_LARGE &&
		((code !== undefined && TIMEOUT_CODES.has(code)) ||
			chain.some((c) => /timeout|timed out/i.test(String(c.message ?? ''))));
	const webexMessage = typeof body?.message === 'string' ? body.message : undefined;
	const message =
		(!brokeOff ? webexMessage : undefined) ??
		(status ? `HTTP ${status}` : (code ?? chain[0]?.message ?? 'The request failed'));
	const trackingId =
		(typeof body?.trackingId === 'string' ? body.trackingId : undefined) ??
		stringHeader(headers.trackingid);
	return {
		status,
		message: scrubSecrets(message, secrets),
		trackingId: trackingId === undefined ? undefined : scrubSecrets(trackingId, secrets),
		retryAfter: headers['retry-after'],
		location: stringHeader(headers.location),
		code: code ?? (brokeOff ? 'ERR_STREAM_PREMATURE_CLOSE' : undefined),
		timedOut,
		untrustedCertificate: code !== undefined && CERTIFICATE_CODE.test(code),
	};
}

function stringHeader(value: unknown): string | undefined {
	return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

function parseBody(body: unknown): { message?: unknown; trackingId?: unknown } | undefined {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') body = parseJson(body);
	return body && typeof body === 'object' ? (body as { message?: unknown }) : undefined;
}
