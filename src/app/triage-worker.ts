// A triage worker thread for big inputs (see triage-pool.ts): it classifies blocks of lines as
// the main thread would and returns them serialized, so only strings cross between threads.
import { parentPort, workerData } from 'node:worker_threads';
import { localTriageOf, triageBlock, type Block, type BlockSettings } from './triage-block.js';

const settings = workerData as BlockSettings;
const local = localTriageOf(settings);
parentPort!.on('message', (block: Block) => {
  parentPort!.postMessage(triageBlock(block, local, settings.explain));
});
