// Error bodies shaped as Webex sends them: {message, errors: [{description}], trackingId}.
import { randomUUID } from 'node:crypto';

export function trackingId() {
	return `ROUTER_${randomUUID().toUpperCase()}`;
}

export function webexError(message, id = trackingId()) {
	return { message, errors: [{ description: message }], trackingId: id };
}

export const MESSAGES = {
	401: 'The request requires a valid access token set in the Authorization request header.',
	403: 'Compliance role required to get events.',
	404: 'The requested resource could not be found.',
	423: 'Resource is locked, retry later.',
	429: 'Too many requests have been sent in a given amount of time and the request has been rate limited.',
	500: 'An unexpected error occurred on the server.',
	502: 'Bad gateway.',
	503: 'Service unavailable. Try again later.',
	504: 'Gateway timeout. Try a smaller max value.',
	peopleRead: 'The token is not authorized for this request: it lacks the spark:people_read scope.',
};

/** Thrown by an endpoint handler to answer with a Webex-shaped error. */
export class WebexHttpError extends Error {
	constructor(status, message = MESSAGES[status] ?? 'Request failed.', headers = {}) {
		super(message);
		this.status = status;
		this.headers = headers;
	}
}
