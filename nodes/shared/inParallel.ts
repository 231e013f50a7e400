/**
 * Runs `work` for every input with at most `parallel` at once, and gives the results in the
 * inputs' order. When one fails, `stop.stopped` is set (no new input starts; work that reads it,
 * such as a listing at its next page, stops early) and the first error is thrown once all work
 * has ended: nothing goes on in the background after the node returns.
 */
export async function inParallel<Input, Result>(
	inputs: Input[],
	parallel: number,
	stop: { stopped: boolean },
	work: (input: Input) => Promise<Result>,
): Promise<Result[]> {
	const results: Result[] = new Array(inputs.length);
	const errors: unknown[] = [];
	let next = 0;
	const chain = async () => {
		while (next < inputs.length && !stop.stopped) {
			const index = next++;
			try {
				results[index] = await work(inputs[index]);
			} catch (error) {
				stop.stopped = true;
				errors.push(error);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallel, inputs.length) }, chain));
	if (errors.length) return await Promise.reject(errors[0]);
	return results;
}
