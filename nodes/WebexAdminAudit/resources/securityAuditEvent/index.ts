import { SECURITY_AUDIT } from '../../../shared/audit';
import { auditGetMany } from '../auditGetMany';

export const securityAuditEventDescription = auditGetMany({
	resource: 'securityAuditEvent',
	source: SECURITY_AUDIT,
	action: 'List security audit events',
	description: 'List sign-ins and sign-outs of the organization (needs Pro Pack)',
});
