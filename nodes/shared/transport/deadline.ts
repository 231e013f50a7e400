import { NodeOperationError } from 'n8n-workflow';

import { itemIndexOf, type WebexClient, type WebexRequestContext } from './client';
import { sleepOrAbort } from './sleep';

/** Thrown when a request would outlast the client's deadline (a poll's budget). */
class DeadlinePassed extends NodeOperationError {}

export const isDeadlinePassed = (error: unknown): error is DeadlinePassed =>
	error instanceof DeadlinePassed;

/** Fails with DeadlinePassed when waiting `waitMs` more would reach the client's deadline. */
export function assertWithinDeadline(client: WebexClient, waitMs = 0) {
	if (client.deadlineMs !== undefined && Date.now() + waitMs >= client.deadlineMs) {
		throw new DeadlinePassed(client.ctx.getNode(), 'The poll ran out of time', {
			description: 'The rest is read by the next poll.',
		});
	}
}

/** Waits `ms` (times the policy's waitScale), but stops at once when the execution is cancelled. */
export async function pause({ ctx, policy }: WebexClient, ms: number) {
	try {
		await sleepOrAbort(ms * policy.waitScale, ctx.getExecutionCancelSignal?.());
	} catch {
		throw cancelled(ctx);
	}
}

export function cancelled(ctx: WebexRequestContext) {
	return new NodeOperationError(ctx.getNode(), 'The execution was cancelled', {
		itemIndex: itemIndexOf(ctx),
	});
}
