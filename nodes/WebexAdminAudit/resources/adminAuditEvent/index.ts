import { ADMIN_AUDIT } from '../../../shared/audit';
import { auditGetMany } from '../auditGetMany';

export const adminAuditEventDescription = auditGetMany({
	resource: 'adminAuditEvent',
	source: ADMIN_AUDIT,
	action: 'List admin audit events',
	description: 'List what administrators changed in Control Hub: who, what, when, from where',
	categoryFilter: {
		displayName: 'Event Category Names or IDs',
		name: 'eventCategories',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getAdminAuditEventCategories' },
		default: [],
		description:
			'Only events of these categories (such as USERS, LICENSES, LOGINS). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	simplifiedColumns:
		'time, actor name, email and IP, admin roles, category, description, action, target, error',
});
