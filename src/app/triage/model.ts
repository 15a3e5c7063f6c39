import type { Store } from '../../store/types.js';
import { correctionsOf, listVerdicts } from './corrections.js';
import { Corrections } from '../../triage/corrections.js';
import { SeverityModel } from '../../triage/model.js';
import { loadShippedModel } from '../../triage/shipped.js';

/** The kind under which the severity model is kept in the store's `models` table. */
export const SEVERITY_MODEL_KIND = 'severity-nb';

/** The model retrained with the person's feedback when there is one, else the shipped model. */
export async function loadActiveModel(store: Store | null): Promise<SeverityModel> {
  const active = store ? await store.activeModel(SEVERITY_MODEL_KIND) : null;
  return active ? SeverityModel.fromJSON(active.data) : loadShippedModel();
}

/**
 * The person's corrections (`triage feedback`, `triage teach`) for the feedback layer, oldest
 * first; none without a store. Plain data inside: `new Corrections(c.list)` rebuilds it anywhere.
 */
export async function loadCorrections(store: Store | null): Promise<Corrections> {
  return store ? correctionsOf(await listVerdicts(store)) : Corrections.none;
}
