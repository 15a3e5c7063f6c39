import type { SourceName } from '../../core/alert.js';
import type { Store } from '../../store/types.js';
import type { LocalTriage } from '../../triage/classify.js';
import { compileRules } from '../../triage/rules.js';
import { personTimeZone } from '../config.js';
import type { AppContext } from '../context.js';
import { loadActiveModel, loadCorrections } from './model.js';

/**
 * The offline layers of a run, read once: the person's rules and severity map from config, their
 * corrections and the active model from the store (none and the shipped model without one).
 */
export async function loadLocalTriage(
  app: AppContext,
  store: Store | null,
  source?: SourceName | undefined,
): Promise<LocalTriage> {
  return {
    rules: compileRules(app.config.triage.rules),
    corrections: await loadCorrections(store),
    severityMap: app.config.triage.severity_map,
    model: await loadActiveModel(store),
    source,
    timeZone: personTimeZone(app.config),
  };
}

/** The offline layers for a read-only run: the store is opened only if there is one to read. */
export async function readLocalTriage(app: AppContext): Promise<LocalTriage> {
  const store = app.databaseExists() ? await app.openStore({ readOnly: true }) : null;
  try {
    return await loadLocalTriage(app, store);
  } finally {
    await store?.close();
  }
}
