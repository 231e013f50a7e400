import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import { describeWait } from '../transport';
import { pollBudgetMs } from './pollTrigger';

type PollResult = INodeExecutionData[][] | null;

/** When the poll of each active trigger in this process started, by workflow and node. */
const pollsInFlight = new Map<string, number>();

/**
 * Runs a poll of an active trigger unless its previous poll is still running. n8n starts a poll
 * at every Poll Time whether or not the last one has ended; a second poll would read the state the
 * first has not written yet and emit its records again. The skipped poll emits nothing and logs
 * one line; the next Poll Time goes on from the state. A poll still marked after twice n8n's poll
 * budget is taken as lost. Fetch Test Event reads no state and is never skipped.
 */
export async function onePollAtATime(
	ctx: IPollFunctions,
	name: string,
	poll: () => Promise<PollResult>,
): Promise<PollResult> {
	if (ctx.getMode() === 'manual') return await poll();
	const key = `${ctx.getWorkflow().id} ${ctx.getNode().id}`;
	const nowMs = Date.now();
	const runningSinceMs = pollsInFlight.get(key);
	const lostAfterMs = 2 * pollBudgetMs(ctx);
	if (runningSinceMs !== undefined && nowMs - runningSinceMs < lostAfterMs) {
		ctx.logger.info(
			`${name}: the previous poll, started ${describeWait(nowMs - runningSinceMs)} ago, is still running; this poll is skipped so that nothing is emitted twice`,
		);
		return null;
	}
	pollsInFlight.set(key, nowMs);
	try {
		return await poll();
	} finally {
		if (pollsInFlight.get(key) === nowMs) pollsInFlight.delete(key);
	}
}
