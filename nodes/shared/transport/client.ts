import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INode,
	type Logger,
} from 'n8n-workflow';

import { baseUrlOf, callHistoryBaseUrl, isSafeBaseUrl, type CallHistoryRegion } from '../baseUrl';
import type { CallHistoryHosts } from './callHistory';
import { unauthorizedHint, type ErrorHints } from './errors';
import { createRateLimitGate, type RateLimitGate } from './rateLimitGate';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy';

/**
 * What the transport needs from n8n: a declarative node's context, a poll context (no item index,
 * no cancel signal) or a load-options context.
 */
export interface WebexRequestContext {
	getNode(): INode;
	getNodeParameter(name: string, fallback?: unknown): unknown;
	getCredentials(type: string): Promise<object>;
	helpers: Pick<IExecuteSingleFunctions['helpers'], 'httpRequestWithAuthentication'>;
	logger: Pick<Logger, 'warn' | 'info'>;
	getItemIndex?(): number;
	getExecutionCancelSignal?(): AbortSignal | undefined;
}

/**
 * What n8n's engine gives every request of a declarative node (RoutingNode fills these from the
 * node's Request Options and the credential): each page and each retry carries them.
 */
export type EngineRequestOptions = Pick<
	IHttpRequestOptions,
	'timeout' | 'proxy' | 'allowedDomains'
> & { skipSslCertificateValidation?: boolean | string };

/** Everything one listing's requests share. */
export interface WebexClient {
	ctx: WebexRequestContext;
	credentialType: string;
	/** The credential's base URL, checked: every request goes to its origin and no other. */
	baseUrl: URL;
	headers: IDataObject;
	engineOptions: EngineRequestOptions;
	hints: ErrorHints;
	policy: RetryPolicy;
	/** Shared by every request of the listing: one pause and one budget for rate limits. */
	rateLimits: RateLimitGate;
	/** No request outlasts it and no retry waits past it (a poll's budget), epoch ms. */
	deadlineMs?: number;
	/**
	 * Webex Calling's call history: the client's base URL is a call history host of the
	 * credential's cloud, its requests are paced per token, and a 451 may move it to another.
	 */
	callHistory?: CallHistoryHosts;
}

export interface WebexClientSettings {
	hints: ErrorHints;
	policy?: RetryPolicy;
	/** A declarative operation's request as RoutingNode built it: base URL, headers, Request Options. */
	engine?: DeclarativeRestApiSettings.ResultOptions['options'];
	headers?: IDataObject;
	deadlineMs?: number;
	/** Requests in flight at most (the node's Parallel Requests); fewer while Webex rate limits. */
	maxInFlight?: number;
	/** Read Webex Calling's call history in this region (see baseUrl.ts), not the base URL. */
	callHistoryRegion?: CallHistoryRegion | 'automatic';
}

/** The credential type of each value of a node's Authentication parameter. */
export const CREDENTIAL_TYPES = {
	accessToken: 'webexApi',
	oAuth2: 'webexOAuth2Api',
	serviceApp: 'webexServiceAppApi',
} as const;

/** Credential type used for the chosen authentication. */
export function credentialTypeFor(authentication: unknown): string {
	return (
		CREDENTIAL_TYPES[authentication as keyof typeof CREDENTIAL_TYPES] ??
		CREDENTIAL_TYPES.accessToken
	);
}

/**
 * The one way to get a client: the node's credential, its base URL (from n8n's engine in a
 * declarative operation, from the credential elsewhere) checked before any request, the engine's
 * headers and Request Options, and a rate-limit gate of its own.
 */
export async function createWebexClient(
	ctx: WebexRequestContext,
	{
		hints,
		policy = DEFAULT_RETRY_POLICY,
		engine,
		headers,
		deadlineMs,
		maxInFlight,
		callHistoryRegion,
	}: WebexClientSettings,
): Promise<WebexClient> {
	const credentialType = credentialTypeFor(ctx.getNodeParameter('authentication', 'accessToken'));
	const baseUrl = engine ? engine.baseURL : baseUrlOf(await ctx.getCredentials(credentialType));
	const checked = assertSafeBaseUrl(ctx, baseUrl);
	const credentialBaseUrl = String(baseUrl).replace(/\/+$/, '');
	return {
		ctx,
		credentialType,
		baseUrl: callHistoryRegion
			? new URL(callHistoryHostOf(ctx, credentialBaseUrl, callHistoryRegion))
			: checked,
		callHistory: callHistoryRegion
			? { credentialBaseUrl, region: callHistoryRegion, followed: false }
			: undefined,
		headers: { Accept: 'application/json', ...(engine?.headers as IDataObject), ...headers },
		engineOptions: engine
			? {
					timeout: engine.timeout,
					proxy: engine.proxy,
					skipSslCertificateValidation: engine.skipSslCertificateValidation,
					allowedDomains: engine.allowedDomains,
				}
			: {},
		hints: { unauthorized: unauthorizedHint(credentialType), ...hints },
		policy,
		rateLimits: createRateLimitGate(maxInFlight),
		deadlineMs,
	};
}

export const itemIndexOf = (ctx: Pick<WebexRequestContext, 'getItemIndex'>) =>
	ctx.getItemIndex?.() ?? 0;

/**
 * Checks the base URL before any request: https, or plain http on a loopback address (the local
 * simulator). Anything else would send the token in clear text over a network.
 */
function assertSafeBaseUrl(ctx: WebexRequestContext, baseUrl: unknown): URL {
	let parsed: URL | undefined;
	try {
		parsed = new URL(String(baseUrl ?? ''));
	} catch {
		parsed = undefined;
	}
	const fix =
		'Open the Webex credential and pick Commercial or FedRAMP, or enter a Custom Base URL such as https://webex-proxy.example.com/v1 (http is only accepted for 127.0.0.1 or localhost).';
	if (!parsed) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL "${String(baseUrl ?? '')}" is not a URL`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	if (!isSafeBaseUrl(parsed)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The credential's Custom Base URL must use https (got ${parsed.origin})`,
			{ description: fix, itemIndex: itemIndexOf(ctx) },
		);
	}
	return parsed;
}

/** The call history host of the region, or an error when the region is not of the credential's cloud. */
function callHistoryHostOf(
	ctx: WebexRequestContext,
	credentialBaseUrl: string,
	region: CallHistoryRegion | 'automatic',
): string {
	const host = callHistoryBaseUrl(credentialBaseUrl, region);
	if (host) return host;
	throw new NodeOperationError(
		ctx.getNode(),
		`Region is not one of the credential's cloud (${credentialBaseUrl})`,
		{
			description:
				"Commercial credentials read the US, EU, India and Australia regions, FedRAMP credentials US Government: set Region to Automatic or to a region of the credential's cloud.",
			itemIndex: itemIndexOf(ctx),
		},
	);
}

/** Base URL + path + query, leaving out empty values. */
export function buildUrl(baseUrl: URL | string, path: string, qs: IDataObject): string {
	const base = String(baseUrl).replace(/\/+$/, '');
	const url = new URL(`${base}/${path.replace(/^\/+/, '')}`);
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		url.searchParams.set(key, String(value));
	}
	return url.toString();
}
