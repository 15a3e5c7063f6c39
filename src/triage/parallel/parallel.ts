import type { Severity } from '../../core/alert.js';
import type { LocalTriage } from '../classify-payload.js';
import { BlockSplitter, triageBlock, type Block, type BlockResult } from './block.js';
import { PayloadReader, type InputItem } from '../../sources/input/payload-reader.js';
import type { TriagePool } from './pool.js';

/** Where a parallel run delivers, in input order. */
export interface ParallelSink {
  /** `--json` lines of one block in UTF-8, each ending in a newline. */
  lines(json: Uint8Array, bySeverity: Record<Severity, number>): void;
  rejected(line: number, reason: string): void;
  /** Items the main thread must classify itself (after a fallback), synchronously. */
  sequential(items: InputItem[]): void;
}

interface InFlight {
  text: string;
  linesBefore: number;
  result?: BlockResult | 'failed';
}

/**
 * Feeds a long input to a TriagePool block by block and delivers the results in input order as
 * each block's turn comes. If a block ends inside a multi-line JSON document, or a worker fails,
 * that block and everything after it is read on the main thread instead, exactly as a sequential
 * run would: the answer never depends on where the input happened to be cut.
 */
export class ParallelTriage {
  private readonly splitter: BlockSplitter;
  private readonly inFlight: InFlight[] = [];
  private fallback: PayloadReader | null = null;
  private settled: () => void = () => {};

  constructor(
    private readonly pool: TriagePool,
    private readonly local: LocalTriage,
    private readonly explain: boolean,
    start: { rest: string; linesBefore: number },
    private readonly sink: ParallelSink,
  ) {
    this.splitter = new BlockSplitter(start);
  }

  /** Takes the next text of input; resolves when there is room for more. */
  async push(text: string): Promise<void> {
    if (this.fallback) return this.sink.sequential(this.fallback.push(text));
    const block = this.splitter.push(text);
    if (block) this.dispatch(block);
  }

  /** The end of input: the last block, then every result. */
  async end(): Promise<void> {
    if (!this.fallback) {
      const block = this.splitter.end();
      if (block) this.dispatch(block);
      while (!this.fallback && this.inFlight.length > 0) await new Promise<void>((resolve) => (this.settled = resolve));
    }
    if (this.fallback) this.sink.sequential(this.fallback.end());
  }

  /**
   * Workers take blocks while they have room; beyond that the main thread classifies the block
   * itself, which both uses its core and holds back reading until the workers catch up.
   */
  private dispatch(block: Block): void {
    const entry: InFlight = { text: block.text, linesBefore: block.linesBefore };
    this.inFlight.push(entry);
    if (this.pool.busy) {
      this.settle(entry, this.classifyHere(block));
      return;
    }
    this.pool.submit(block).then(
      (result) => this.settle(entry, result),
      () => this.settle(entry, 'failed'),
    );
  }

  /** A block the main thread classifies itself; if it cannot, it is read in sequence instead. */
  private classifyHere(block: Block): BlockResult | 'failed' {
    try {
      return triageBlock(block, this.local, this.explain);
    } catch {
      return 'failed';
    }
  }

  private settle(entry: InFlight, result: BlockResult | 'failed'): void {
    entry.result = result;
    this.deliverReady();
    this.settled();
  }

  /** Delivers finished blocks from the head of the queue, in order; switches to sequential when one cannot be used. */
  private deliverReady(): void {
    while (!this.fallback && this.inFlight[0]?.result) {
      const head = this.inFlight[0];
      const result = head.result!;
      if (result === 'failed' || result.continuesDocument) {
        this.fallBack();
        return;
      }
      this.inFlight.shift();
      if (result.json.length > 0) this.sink.lines(result.json, result.bySeverity);
      for (const [line, reason] of result.rejected) this.sink.rejected(line, reason);
    }
  }

  private fallBack(): void {
    const first = this.inFlight[0]!;
    this.fallback = new PayloadReader(first.linesBefore);
    const texts = this.inFlight.map((entry) => entry.text);
    this.inFlight.length = 0;
    const rest = this.splitter.end();
    if (rest) texts.push(rest.text);
    for (const text of texts) this.sink.sequential(this.fallback.push(text));
  }
}
