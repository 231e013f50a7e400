import { ADMIN_AUDIT } from '../../../shared/audit';
import { auditGetMany } from '../auditGetMany';

export const adminAuditEventDescription = auditGetMany({
	resource: 'adminAuditEvent',
	source: ADMIN_AUDIT,
	action: 'List admin audit events',
	description: 'List what administrators changed in Control Hub: who, what, when, from where',
});
