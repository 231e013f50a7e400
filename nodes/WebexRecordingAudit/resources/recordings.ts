/** What both recording audit resources share: the time zone header, the host email, the 403 hint. */

export { readHostEmail, timezoneHeader, timezoneOption } from '../../shared/meetings';

export const RECORDING_ERROR_HINTS = {
	forbidden:
		'Host Email (a host or "all") needs a site admin token with the meeting:admin_recordings_read scope; your own recordings need meeting:recordings_read; compliance officers can use spark-compliance:meetings_read.',
};
