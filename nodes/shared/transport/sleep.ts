import * as n8nWorkflow from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/**
 * Waits `ms`, or rejects as soon as `signal` fires. n8n 2.x's `sleep(ms, signal)` does that; n8n
 * 1.x's `sleep(ms)` ignores a signal (the wait and its timer would run on after a cancel) and has
 * `sleepWithAbort(ms, signal)` for it instead, which 2.x no longer has.
 */
export const sleepOrAbort: (ms: number, signal?: AbortSignal) => Promise<void> =
	(n8nWorkflow as { sleepWithAbort?: typeof sleep }).sleepWithAbort ?? sleep;
