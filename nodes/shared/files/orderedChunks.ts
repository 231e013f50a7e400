/**
 * The chunks of a file written by listings that run at once, given out in the listings' order:
 * listing `index` pushes its chunks as its pages come; those of the listing being written go out
 * at once, those of listings ahead wait their turn (already serialized, and compressed with gzip
 * on). Bounded both ways: a listing ahead waits once MAX_BYTES_AHEAD are held for later, and any
 * listing waits while the reader is MAX_CHUNKS_READY behind.
 */
const MAX_BYTES_AHEAD = 32 * 1024 * 1024;
const MAX_CHUNKS_READY = 8;

export class OrderedChunks implements AsyncIterable<Buffer> {
	private head = 0;
	private readonly ready: Buffer[] = [];
	private readonly ahead: Buffer[][];
	private readonly finished: boolean[];
	private bytesAhead = 0;
	private failure: { error: unknown } | undefined;
	private wakeReader: (() => void) | undefined;
	private wakeWriters: Array<() => void> = [];

	constructor(private readonly listings: number) {
		this.ahead = Array.from({ length: listings }, () => []);
		this.finished = new Array<boolean>(listings).fill(false);
	}

	/** Adds a chunk of listing `index`; resolves when there is room again. */
	async push(index: number, chunk: Buffer): Promise<void> {
		this.throwIfFailed();
		if (index === this.head) this.ready.push(chunk);
		else {
			this.ahead[index].push(chunk);
			this.bytesAhead += chunk.length;
		}
		this.wake();
		while (this.mustWait(index))
			await new Promise<void>((resolve) => this.wakeWriters.push(resolve));
		this.throwIfFailed();
	}

	/** Listing `index` has pushed all its chunks. */
	finish(index: number) {
		this.finished[index] = true;
		while (this.head < this.listings && this.finished[this.head]) {
			this.head++;
			if (this.head < this.listings) {
				for (const chunk of this.ahead[this.head]) this.bytesAhead -= chunk.length;
				this.ready.push(...this.ahead[this.head].splice(0));
			}
		}
		this.wake();
	}

	/** Stops both sides: the reader throws `error`, and so does every push from now on. */
	fail(error: unknown) {
		this.failure ??= { error };
		this.wake();
	}

	async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
		for (;;) {
			this.throwIfFailed();
			const chunk = this.ready.shift();
			if (chunk !== undefined) {
				this.wake();
				yield chunk;
			} else if (this.head >= this.listings) return;
			else await new Promise<void>((resolve) => (this.wakeReader = resolve));
		}
	}

	private mustWait(index: number): boolean {
		if (this.failure) return false;
		if (this.ready.length > MAX_CHUNKS_READY) return true;
		return index !== this.head && this.bytesAhead > MAX_BYTES_AHEAD;
	}

	private throwIfFailed() {
		if (this.failure) throw this.failure.error;
	}

	private wake() {
		this.wakeReader?.();
		this.wakeReader = undefined;
		for (const wake of this.wakeWriters.splice(0)) wake();
	}
}
