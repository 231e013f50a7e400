/**
 * A file's chunks in the two shapes n8n's binary data modes read: an async iterable (filesystem
 * mode hands it to the file system, which writes it as it comes: the file is never held in
 * memory) and the few stream events that the in-memory and database modes gather into one buffer
 * (`data`, `end`, `error`, `close`). Node's stream module is not among what n8n lets community
 * nodes import, so this is the least that both need.
 */
type Listener = (value?: unknown) => void;

export class ChunkStream implements AsyncIterable<Buffer> {
	private readonly listeners = new Map<string, Set<Listener>>();
	private pumping = false;
	private destroyed = false;

	constructor(private readonly chunks: AsyncIterable<Buffer>) {}

	[Symbol.asyncIterator](): AsyncIterator<Buffer> {
		return this.chunks[Symbol.asyncIterator]();
	}

	on(event: string, listener: Listener): this {
		if (!this.listeners.has(event)) this.listeners.set(event, new Set());
		this.listeners.get(event)?.add(listener);
		if (event === 'data' && !this.pumping) {
			this.pumping = true;
			void this.pump();
		}
		return this;
	}

	once(event: string, listener: Listener): this {
		const once: Listener = (value) => {
			this.off(event, once);
			listener(value);
		};
		return this.on(event, once);
	}

	off(event: string, listener: Listener): this {
		this.listeners.get(event)?.delete(listener);
		return this;
	}

	removeListener(event: string, listener: Listener): this {
		return this.off(event, listener);
	}

	destroy(): this {
		this.destroyed = true;
		return this;
	}

	private emit(event: string, value?: unknown) {
		for (const listener of [...(this.listeners.get(event) ?? [])]) listener(value);
	}

	private async pump() {
		try {
			for await (const chunk of this.chunks) {
				if (this.destroyed) return this.emit('close');
				this.emit('data', chunk);
			}
			this.emit('end');
		} catch (error) {
			this.emit('error', error);
		}
	}
}
