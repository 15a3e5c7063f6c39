/**
 * `--json` lines written out as UTF-8 as they are made, each followed by a newline. A block's
 * thousand lines kept as strings until the end had to survive garbage collections and be joined,
 * then encoded again by the main thread to write them; bytes cost neither, and a worker hands
 * them over without a copy (their ArrayBuffer is transferred, see worker.ts). Lines are encoded
 * a few kilobytes at a time: one call per line cost more than the encoding.
 */
export class Utf8Lines {
  private buffer: Buffer;
  private length = 0;
  private pending = '';

  /** `expected`: bytes the lines will likely take; the buffer grows past it when needed. */
  constructor(expected: number) {
    // Not from Node's shared pool: a transferred ArrayBuffer must belong to these bytes alone.
    this.buffer = Buffer.allocUnsafeSlow(Math.max(4096, expected));
  }

  add(line: string): void {
    this.pending += `${line}\n`;
    if (this.pending.length >= PENDING_CHARS) this.encode();
  }

  /** The lines written, as a view of the buffer (its ArrayBuffer may be longer). */
  bytes(): Uint8Array {
    this.encode();
    return this.buffer.subarray(0, this.length);
  }

  private encode(): void {
    // At most 3 bytes per UTF-16 unit.
    const most = 3 * this.pending.length;
    if (this.length + most > this.buffer.length) {
      const bigger = Buffer.allocUnsafeSlow(Math.max(2 * this.buffer.length, this.length + most));
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    this.length += this.buffer.write(this.pending, this.length);
    this.pending = '';
  }
}

/** Characters of lines encoded at once. */
const PENDING_CHARS = 16 * 1024;
