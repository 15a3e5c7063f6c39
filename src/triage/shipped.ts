import { SeverityModel } from './model.js';
// Bundled into dist by tsup (esbuild inlines JSON), read in place under vitest: one code path.
import shippedJson from './model.json' with { type: 'json' };

let shipped: SeverityModel | undefined;

/**
 * The model trained by build-model.ts on the public alert-rule corpus and the seeds. Built once
 * per process (a few ms) and shared: models are immutable, retraining returns a new one.
 */
export function loadShippedModel(): SeverityModel {
  shipped ??= SeverityModel.fromJSON(shippedJson);
  return shipped;
}
