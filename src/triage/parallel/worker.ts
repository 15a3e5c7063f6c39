// A triage worker thread for big inputs (see pool.ts): it classifies blocks of lines as
// the main thread would and returns them serialized, so only strings cross between threads.
import { parentPort, workerData } from 'node:worker_threads';
import { messageOf } from '../../core/errors.js';
import {
  localTriageOf,
  triageBlock,
  type Block,
  type BlockFailure,
  type BlockResult,
  type BlockSettings,
} from './block.js';

const settings = workerData as BlockSettings;
const local = localTriageOf(settings);
parentPort!.on('message', (block: Block) => {
  // One bad line is rejected inside triageBlock; anything else fails this block only, and the
  // worker stays up for the next one.
  let answer: BlockResult | BlockFailure;
  try {
    answer = triageBlock(block, local, settings.explain);
  } catch (error) {
    answer = { seq: block.seq, failed: messageOf(error) } satisfies BlockFailure;
  }
  // The lines' bytes are moved to the main thread, not copied.
  const moved = 'json' in answer && answer.json.byteLength > 0 ? [answer.json.buffer as ArrayBuffer] : [];
  parentPort!.postMessage(answer, moved);
});
