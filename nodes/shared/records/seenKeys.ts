/**
 * The keys of the records a run has met, so that each record is output once, in little memory:
 * held as strings, a million Webex IDs take about 130 MB, more than the rest of a file's run. A
 * Webex ID (base64 of `ciscospark://<region>/<KIND>/<uuid>`) is held as its UUID's 16 bytes in a
 * table per region and kind: 32 to 64 bytes a key. Exact: only an ID in canonical base64 is read
 * so, and two such IDs are one key only when they decode to the same region, kind and UUID (with
 * or without padding, the UUID in either letter case, as sameWebexId compares them); any other key
 * is kept as it is.
 */
export class SeenKeys {
	private readonly others = new Set<unknown>();
	private readonly uuidsByPrefix = new Map<string, UuidSet>();
	/** The last prefix met (a listing's IDs share one), to skip reading it as text. */
	private last: { prefix: Buffer; uuids: UuidSet } | undefined;
	private readonly decoded = Buffer.alloc(MAX_ID_LENGTH);
	private readonly words = new Uint32Array(4);

	/** Whether `key` is met for the first time (it is remembered). */
	addIfNew(key: unknown): boolean {
		const uuids = typeof key === 'string' ? this.readWebexId(key) : undefined;
		if (uuids) return uuids.addIfNew(this.words);
		if (this.others.has(key)) return false;
		this.others.add(key);
		return true;
	}

	/** The table of the ID's region and kind, its UUID put in `words`; undefined if not a Webex ID. */
	private readWebexId(id: string): UuidSet | undefined {
		if (id.length < 60 || id.length > MAX_ID_LENGTH) return undefined;
		const bytes = this.decoded;
		const length = bytes.write(id, 'base64');
		if (!isCanonicalBase64(id, bytes.toString('base64', 0, length))) return undefined;
		const slash = bytes.lastIndexOf(SLASH, length - 1);
		if (slash < 0 || length - slash - 1 !== UUID_TEXT_LENGTH) return undefined;
		if (bytes.compare(SCHEME, 0, SCHEME.length, 0, SCHEME.length) !== 0) return undefined;
		const uuid = slash + 1;
		for (const dash of DASHES) if (bytes[uuid + dash] !== DASH) return undefined;
		for (let word = 0; word < 4; word++) {
			let value = 0;
			for (let digit = word * 8; digit < word * 8 + 8; digit++) {
				const nibble = HEX_VALUE[bytes[uuid + HEX_DIGITS[digit]]];
				if (nibble < 0) return undefined;
				value = (value << 4) | nibble;
			}
			this.words[word] = value;
		}
		const { last } = this;
		if (last?.prefix.length === uuid && last.prefix.compare(bytes, 0, uuid) === 0)
			return last.uuids;
		const prefix = bytes.toString('latin1', 0, uuid);
		let uuids = this.uuidsByPrefix.get(prefix);
		if (!uuids) this.uuidsByPrefix.set(prefix, (uuids = new UuidSet()));
		this.last = { prefix: Buffer.from(bytes.subarray(0, uuid)), uuids };
		return uuids;
	}
}

/**
 * Whether `id` is `encoded` (the base64 of what it decodes to), with or without its padding:
 * Node's decoder also takes the URL alphabet, skips characters outside it and drops spare bits,
 * so different texts can decode alike.
 */
function isCanonicalBase64(id: string, encoded: string): boolean {
	if (id === encoded) return true;
	let end = encoded.length;
	while (end > 0 && encoded[end - 1] === '=') end--;
	return id.length === end && encoded.startsWith(id);
}

/** Longer keys are not Webex IDs (a region like urn:TEAM:us-east-2_a still fits). */
const MAX_ID_LENGTH = 120;
const SCHEME = Buffer.from('ciscospark://');
const SLASH = 0x2f;
const DASH = 0x2d;
const UUID_TEXT_LENGTH = 36;
/** Where the text of a UUID (8-4-4-4-12) has its dashes, and its 32 hex digits. */
const DASHES = [8, 13, 18, 23];
const HEX_DIGITS = Array.from({ length: UUID_TEXT_LENGTH }, (_, at) => at).filter(
	(at) => !DASHES.includes(at),
);
/** The value of a hex digit by its character code, -1 for any other character. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (const [value, digit] of [...'0123456789abcdef'].entries()) {
	HEX_VALUE[digit.charCodeAt(0)] = value;
	HEX_VALUE[digit.toUpperCase().charCodeAt(0)] = value;
}

/** A slot number from all 128 bits (UUIDs other than random ones differ in few of them). */
function mix(a: number, b: number, c: number, d: number): number {
	let hash =
		Math.imul(a, 0x9e3779b1) ^
		Math.imul(b, 0x85ebca77) ^
		Math.imul(c, 0xc2b2ae3d) ^
		Math.imul(d, 0x27d4eb2f);
	hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
	return (hash ^ (hash >>> 12)) >>> 0;
}

/** A set of 128-bit values in one typed array, open addressing (an all-zero slot is free). */
class UuidSet {
	private slots = new Uint32Array(4 * 1024);
	private size = 0;
	private hasZero = false;

	addIfNew(words: Uint32Array): boolean {
		if ((words[0] | words[1] | words[2] | words[3]) === 0) {
			if (this.hasZero) return false;
			return (this.hasZero = true);
		}
		const found = this.find(this.slots, words, 0);
		if (found < 0) return false;
		this.slots.set(words, found);
		if (++this.size * 2 > this.slots.length / 4) this.grow();
		return true;
	}

	/** The slot holding `words[from..from+3]` as a negative number, or the free slot where they go. */
	private find(slots: Uint32Array, words: Uint32Array, from: number): number {
		const mask = slots.length / 4 - 1;
		const [a, b, c, d] = [words[from], words[from + 1], words[from + 2], words[from + 3]];
		let slot = mix(a, b, c, d);
		for (;;) {
			slot &= mask;
			const at = slot * 4;
			if ((slots[at] | slots[at + 1] | slots[at + 2] | slots[at + 3]) === 0) return at;
			if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c && slots[at + 3] === d)
				return -1;
			slot++;
		}
	}

	private grow() {
		const old = this.slots;
		this.slots = new Uint32Array(old.length * 2);
		for (let at = 0; at < old.length; at += 4) {
			if ((old[at] | old[at + 1] | old[at + 2] | old[at + 3]) === 0) continue;
			const to = this.find(this.slots, old, at);
			for (let word = 0; word < 4; word++) this.slots[to + word] = old[at + word];
		}
	}
}
