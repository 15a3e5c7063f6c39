import type { Store } from '../../store/types.js';
import type { LocalTriage } from '../../triage/classify.js';
import type { AppContext } from '../context.js';
import { loadLocalTriage } from './local.js';
import { SEVERITY_MODEL_KIND } from './model.js';

/**
 * How often a long-running process asks whether the person taught anything. Every `triage
 * feedback`, `teach`, `forget` (and a mark in `digest --interactive`) saves a new active model,
 * so one indexed lookup of its id tells; the layers are read again only when it changed.
 */
export const TEACHING_CHECK_MS = 2_000;

/**
 * The offline layers of a daemon, kept current: a correction given while `soloops watch` runs
 * decides the next alert of its type, within TEACHING_CHECK_MS, without a restart.
 */
export async function liveLocalTriage(
  app: AppContext,
  store: Store,
  now: () => Date,
): Promise<() => Promise<LocalTriage>> {
  let version = await store.activeModelId(SEVERITY_MODEL_KIND);
  let layers = await loadLocalTriage(app, store);
  let checkedAt = now().getTime();
  let checking: Promise<LocalTriage> | null = null;
  const check = async (): Promise<LocalTriage> => {
    const latest = await store.activeModelId(SEVERITY_MODEL_KIND);
    if (latest !== version) {
      layers = await loadLocalTriage(app, store);
      version = latest;
    }
    return layers;
  };
  return () => {
    const time = now().getTime();
    if (checking) return checking;
    if (time - checkedAt < TEACHING_CHECK_MS) return Promise.resolve(layers);
    checkedAt = time;
    // One check at a time: alerts arriving meanwhile wait for it rather than asking again.
    checking = check().finally(() => {
      checking = null;
    });
    return checking;
  };
}
