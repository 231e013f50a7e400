import { SECURITY_AUDIT } from '../../../shared/audit';
import { auditGetMany } from '../auditGetMany';

export const securityAuditEventDescription = auditGetMany({
	resource: 'securityAuditEvent',
	source: SECURITY_AUDIT,
	action: 'List security audit events',
	description: 'List sign-ins and sign-outs of the organization (needs Pro Pack)',
	categoryFilter: {
		displayName: 'Event Categories',
		name: 'eventCategories',
		type: 'string',
		default: '',
		placeholder: 'LOGINS,LOGOUT',
		description: 'Only events of these categories, comma-separated (such as LOGINS, LOGOUT)',
	},
	simplifiedColumns: 'time, actor name, email, IP and user agent, category, description, action',
});
