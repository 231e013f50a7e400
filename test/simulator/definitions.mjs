// What the simulator takes from Webex's own OpenAPI definitions (../contract/openapi/, the copies
// the contract tests check against): the enums its events are drawn from.
import { readFileSync } from 'node:fs';

const read = (file) =>
	JSON.parse(readFileSync(new URL(`../contract/openapi/${file}`, import.meta.url), 'utf8'));
const events = read('openapi-excerpt.json');

/** The `resource` and `type` values of an event (EventResourceEnum, EventTypeEnum). */
export const EVENT_RESOURCES = [...events.components.schemas.EventResourceEnum.enum];
export const EVENT_TYPES = [...events.components.schemas.EventTypeEnum.enum];
