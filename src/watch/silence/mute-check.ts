import type { NormalizedAlert } from '../../core/alert.js';
import type { WatchConfig } from '../../core/config.js';
import type { SilenceStore } from '../../core/watch.js';
import type { MuteCheck } from '../pipeline/types.js';
import { compileSilence, inMaintenance, type AlertTest } from './match.js';

/**
 * The pipeline's mute check (`PipelineDeps.muted`): a maintenance window from config, or an
 * active silence from the store, that matches the alert. Returns why, for the route's reason.
 * `watch` is read on every check, so a reloaded config's windows apply at once.
 */
export function createMuteCheck(silences: Pick<SilenceStore, 'active'>, watch: () => WatchConfig): MuteCheck {
  // A silence never changes its matchers, so each is compiled once, by id.
  const compiled = new Map<number, AlertTest>();
  const testOf = (silence: Parameters<typeof compileSilence>[0]) => {
    let test = compiled.get(silence.id);
    if (!test) compiled.set(silence.id, (test = compileSilence(silence)));
    return test;
  };
  return async (alert: NormalizedAlert, now: Date): Promise<string | null> => {
    for (const window of watch().maintenance) {
      if (inMaintenance(window, alert, now)) return `in maintenance window ${window.name}`;
    }
    for (const silence of await silences.active(now)) {
      if (testOf(silence)(alert)) return `silenced by #${silence.id}${silence.comment ? ` (${silence.comment})` : ''}`;
    }
    return null;
  };
}
