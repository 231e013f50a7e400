// The faults that act on a request before an endpoint answers it (see setFaults in server.mjs):
// a redirect, to another origin or under a path prefix, and a stall.
import { dataRouteOf } from './endpoints.mjs';

const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/**
 * The redirect and stall of `faults`, counting how often they fired. `originOf()` gives the
 * simulator's origin (a redirect's default target).
 */
export function createRequestFaults(faults, originOf) {
	const fired = { redirect: 0, stall: 0, stallSeen: 0 };

	/** The /v1 endpoint a path names: itself, or under a redirect's path prefix. */
	function endpointOf(pathname) {
		const to = faults.redirect?.to;
		if (dataRouteOf(pathname) || typeof to !== 'string' || !to.startsWith('/')) return pathname;
		const prefix = to.replace(/\/+$/, '');
		return pathname.startsWith(`${prefix}/`) ? `/v1${pathname.slice(prefix.length)}` : pathname;
	}

	function redirectFor(url, endpoint) {
		const redirect = faults.redirect;
		if (!redirect || endpoint !== url.pathname || !dataRouteOf(endpoint)) return undefined;
		const on = redirect.on ?? 'all';
		const hasCursor = url.searchParams.has('cursor') || Number(url.searchParams.get('offset')) > 0;
		if ((on === 'first' && hasCursor) || (on === 'next' && !hasCursor)) return undefined;
		if (redirect.times !== undefined && fired.redirect >= redirect.times) return undefined;
		fired.redirect++;
		const status = redirect.status ?? 302;
		if (!REDIRECT_STATUSES.includes(status))
			throw new Error(`redirect.status must be one of ${REDIRECT_STATUSES.join(', ')}`);
		const to = String(redirect.to ?? originOf()).replace(/\/+$/, '');
		const location = to.startsWith('/')
			? `${to}${url.pathname.replace(/^\/v1(?=\/)/, '')}${url.search}`
			: `${to}${url.pathname}${url.search}`;
		return { status, location };
	}

	function stallFor(url, endpoint) {
		const stall = faults.stall;
		if (!stall) return undefined;
		const route = dataRouteOf(endpoint);
		if (
			stall.path
				? stall.path !== url.pathname && stall.path !== endpoint && stall.path !== route
				: !route
		)
			return undefined;
		if (++fired.stallSeen <= (stall.after ?? 0)) return undefined;
		if (stall.times !== undefined && fired.stall >= stall.times) return undefined;
		fired.stall++;
		return stall.on ?? 'headers';
	}

	return { endpointOf, redirectFor, stallFor };
}
