import type { IDataObject } from 'n8n-workflow';

import type { WebexClient } from './client';

/** The credential's secrets, and text the server sent: scrubbed from errors, refused in answers. */

const AUTHORIZATION_VALUE = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;

/**
 * Replaces every secret (in any letter case: host names come back lower-cased) and any
 * "Bearer x"/"Basic x" value in text with [redacted].
 */
export function scrubSecrets(text: string, secrets: string[]): string {
	let scrubbed = text.replace(AUTHORIZATION_VALUE, '$1 [redacted]');
	for (const pattern of secretPatterns(secrets, 'gi'))
		scrubbed = scrubbed.replace(pattern, '[redacted]');
	return scrubbed;
}

/**
 * Each secret as it may come back in text: as stored, trimmed (as it is sent), and URL-encoded (as
 * a form or query carries it), so that an echo of any of them is found.
 */
export function secretForms(values: unknown[]): string[] {
	const forms = new Set<string>();
	for (const value of values) {
		if (typeof value !== 'string') continue;
		const trimmed = value.trim();
		for (const form of [
			value,
			trimmed,
			encodeURIComponent(trimmed),
			new URLSearchParams({ s: trimmed }).toString().slice(2),
		])
			if (form) forms.add(form);
	}
	return [...forms];
}

/** Whether text holds one of the secrets, in any letter case. */
export function containsSecret(text: string, secrets: string[]): boolean {
	return secretPatterns(secrets, 'i').some((pattern) => pattern.test(text));
}

/** Secrets long enough to mean something, as patterns matching them literally. */
function secretPatterns(secrets: string[], flags: string): RegExp[] {
	return secrets
		.filter((secret) => secret.length >= 8)
		.map((secret) => new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), flags));
}

/** The credential's secrets, to scrub from anything the server echoes and to refuse in answers. */
export async function secretsOf(client: WebexClient): Promise<string[]> {
	let data: IDataObject;
	try {
		data = (await client.ctx.getCredentials(client.credentialType)) as IDataObject;
	} catch {
		return [];
	}
	const tokenData = (data.oauthTokenData ?? {}) as IDataObject;
	return secretForms([
		data.accessToken,
		data.clientSecret,
		data.refreshToken,
		tokenData.access_token,
		tokenData.refresh_token,
	]);
}
