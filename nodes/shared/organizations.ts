import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { failOnField, type FieldContext } from './options';
import { ownOrgId } from './people';
import { webexIdKey } from './records/recordChecks';
import {
	buildUrl,
	itemIndexOf,
	requestWithRetry,
	type ErrorHints,
	type WebexClient,
} from './transport';

/**
 * Organizations of the audit nodes and their trigger: the token's own organization (or the one
 * Organization ID names, as before this choice existed), a list of IDs, or every organization the
 * token can see (GET /organizations: for a partner administrator, their customers).
 */
export type OrganizationsChoice =
	| { mode: 'this'; orgId: string }
	| { mode: 'list'; orgIds: string[] }
	| { mode: 'all' };

/** An organization read: its ID and display name (null when Webex did not say). */
export interface AuditOrg {
	id: string;
	name: string | null;
}

/** The fields each item of a multi-organization listing gets (also Simplify's and the CSV's). */
export const ORG_ID_FIELD = 'orgId';
export const ORG_NAME_FIELD = 'orgName';

const ID_FIELD = 'Organization ID';
const IDS_FIELD = 'Organization IDs';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An organization ID as Webex takes it, from Webex's ID or the bare UUID Control Hub shows
 * (undefined: neither). A UUID becomes base64 of `ciscospark://us/ORGANIZATION/<uuid>`, unpadded:
 * Webex's Identity Organization guide gives that prefix, `us` included, on the Commercial and the
 * FedRAMP developer portals alike (developer.webex.com, developer-usgov.webex.com).
 */
export function toWebexOrgId(text: string): string | undefined {
	const id = text.trim();
	if (UUID.test(id))
		return Buffer.from(`ciscospark://us/ORGANIZATION/${id.toLowerCase()}`)
			.toString('base64')
			.replace(/=+$/, '');
	return webexIdKey(id)?.startsWith('ORGANIZATION/') ? id : undefined;
}

const ORG_ID_FIX =
	"Paste the organization's ID as Control Hub shows it (a UUID such as 1eb65fdf-9643-417f-9974-ad72cae0e10f, under Account) or as Webex's API gives it (a long text such as Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi8...); GET /organizations lists the ones the token can see.";

/** Organizations and its ID fields, checked before any request; every ID as Webex takes it. */
export function readOrganizationsChoice(ctx: FieldContext): OrganizationsChoice {
	const mode = ctx.getNodeParameter('organizations', 'this');
	if (mode === 'all') return { mode };
	if (mode !== 'list') {
		const given = String(ctx.getNodeParameter('orgId', '') ?? '').trim();
		const orgId = given && toWebexOrgId(given);
		if (orgId === undefined)
			failOnField(ctx, `${ID_FIELD} is not a Webex organization ID: ${given}`, ORG_ID_FIX);
		return { mode: 'this', orgId };
	}
	const raw = ctx.getNodeParameter('orgIds', '');
	const given = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[\s,]+/))
		.map((id) => id.trim())
		.filter(Boolean);
	if (!given.length)
		failOnField(
			ctx,
			`${IDS_FIELD} is empty`,
			'Enter the IDs of the organizations to read, separated by commas, or choose another Organizations option.',
		);
	const malformed = given.filter((id) => toWebexOrgId(id) === undefined);
	if (malformed.length)
		failOnField(
			ctx,
			`${IDS_FIELD} holds ${malformed.length === 1 ? 'a value that is not' : 'values that are not'} a Webex organization ID: ${malformed.slice(0, 3).join(', ')}`,
			ORG_ID_FIX,
		);
	// Once each, however it was written (a UUID and Webex's ID of it are one organization).
	const byKey = new Map<string, string>();
	for (const id of given.map((text) => toWebexOrgId(text) as string))
		if (!byKey.has(orgKey(id))) byKey.set(orgKey(id), id);
	return { mode, orgIds: [...byKey.values()] };
}

/** What identifies an organization whatever its ID's form: the UUID it names, or the ID as it is. */
export const orgKey = (orgId: string) => webexIdKey(orgId)?.split('/')[1] ?? orgId;

/** Whether the items name their organization: whenever more than the token's own is possible. */
export const namesOrganizations = (choice: OrganizationsChoice) => choice.mode !== 'this';

/**
 * The organizations to read, in order. This organization: Organization ID, or the token's own
 * (/people/me; `knownOwnId` skips that request). A list: those IDs, named from GET /organizations
 * (null for one it does not show). Every organization: GET /organizations as it answers.
 */
export async function resolveOrganizations(
	client: WebexClient,
	choice: OrganizationsChoice,
	knownOwnId?: string,
): Promise<AuditOrg[]> {
	if (choice.mode === 'this')
		return [{ id: choice.orgId || knownOwnId || (await ownOrgId(client)), name: null }];
	const visible = await visibleOrganizations(client);
	if (choice.mode === 'all') return visible;
	// Named by the organization's UUID: Webex may list an ID in another form than the one entered.
	const listed = new Map(visible.map((org) => [orgKey(org.id), org]));
	return choice.orgIds.map((id) => listed.get(orgKey(id)) ?? { id, name: null });
}

/** A 403 on GET /organizations: the listing, not an organization's audit, was refused. */
const ORGANIZATIONS_HINTS: ErrorHints = {
	forbidden:
		"Webex refused to list the organizations the token can see (GET /organizations). Use a partner or full administrator's token, or choose List of IDs and enter the organizations' IDs.",
};

/** GET /organizations: every organization the token can see (one answer, not paged). */
async function visibleOrganizations(client: WebexClient): Promise<AuditOrg[]> {
	const { body } = await requestWithRetry(
		{ ...client, hints: ORGANIZATIONS_HINTS },
		buildUrl(client.baseUrl, '/organizations', {}),
	);
	const items = (body as IDataObject | undefined)?.items;
	// Read as "no organizations", such an answer would drop every organization's trigger state.
	if (!Array.isArray(items))
		throw new NodeOperationError(
			client.ctx.getNode(),
			'Webex answered GET /organizations without a list of organizations',
			{
				description:
					'Nothing was read and the trigger keeps its state. Run it again later; if it persists, check that the Base URL points at the Webex API.',
				itemIndex: itemIndexOf(client.ctx),
			},
		);
	return items
		.filter((item): item is IDataObject => typeof (item as IDataObject)?.id === 'string')
		.map((item) => ({
			id: item.id as string,
			name: typeof item.displayName === 'string' ? item.displayName : null,
		}));
}

/** How an organization is named in messages: its name and ID. */
export const describeOrg = (org: AuditOrg) =>
	org.name ? `${org.name} (${org.id})` : `organization ${org.id}`;

/** Whether an error is Webex refusing the request (403): the organization, not the run, failed. */
export function isRefusal(error: unknown): boolean {
	return String((error as { httpCode?: unknown })?.httpCode) === '403';
}

/** A refusal that fails the run: the same error, saying which organization refused. */
export const refusedBy = (error: unknown, org: AuditOrg): unknown =>
	retold(
		error,
		`${describeOrg(org)} refused`,
		'Turn on Continue on Refused Organizations to read the other organizations and report this one.',
	);

/**
 * Continue on Refused Organizations when every organization refused: nothing was read, which is
 * the token (a lost role), not one customer; the run fails, naming the last one.
 */
export const refusedByEvery = (error: unknown, org: AuditOrg, count: number): unknown =>
	retold(
		error,
		`All ${count} organizations refused, the last ${describeOrg(org)}`,
		"Nothing was read. Check the credential's role: a partner's full administrator reads its customers' audit.",
	);

/** The same error, its message after `what` and `advice` after its description. */
function retold(error: unknown, what: string, advice: string): unknown {
	const failure = error as { message: string; description?: string | null };
	failure.message = `${what}: ${failure.message}`;
	failure.description = [failure.description, advice].filter(Boolean).join(' ');
	return error;
}

/** What the output says of an organization that refused (Continue on Refused Organizations). */
export function refusalReport(error: unknown, org: AuditOrg): IDataObject {
	return {
		[ORG_ID_FIELD]: org.id,
		[ORG_NAME_FIELD]: org.name,
		error: String((error as Error)?.message ?? error),
	};
}

/** Adds the organization's ID and name to a record (as its last fields, after Webex's own). */
export function withOrg(record: IDataObject, org: AuditOrg): IDataObject {
	record[ORG_ID_FIELD] = org.id;
	record[ORG_NAME_FIELD] = org.name;
	return record;
}
