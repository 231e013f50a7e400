/**
 * The roles Webex asks for in this node's operations (its definitions name the role of each
 * endpoint, not its scope), and the site and window machinery they share with Meeting Reports.
 */
export * from '../../shared/meetingListings';

export const ROLE_HINTS = {
	complianceOfficer: {
		forbidden:
			"Meeting transcripts are listed for a compliance officer: the token's user needs the Compliance Officer role in Control Hub, and the token that role's meeting scopes.",
	},
	adminOrComplianceOfficer: {
		forbidden:
			"Recordings of a site are listed for an administrator or a compliance officer: the token's user needs one of those roles for the site, and the token that role's meeting scopes.",
	},
	fullAdmin: {
		forbidden:
			'Meeting archives are only available to full administrators (not even the meeting host): use a token of a full administrator of the organisation.',
	},
};
