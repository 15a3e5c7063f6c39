interface Writable {
  write(chunk: string): unknown;
}

/**
 * Collects output lines and writes them in one call per turn of the event loop. A stream of
 * 100k results costs a few hundred writes instead of 100k, yet every line still leaves as soon
 * as the input that produced it has been handled (`tail -f … | soloops triage` stays live).
 */
export class LineBuffer {
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly out: Writable) {}

  push(line: string): void {
    this.pending.push(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const text = `${this.pending.join('\n')}\n`;
    this.pending = [];
    this.out.write(text);
  }
}
