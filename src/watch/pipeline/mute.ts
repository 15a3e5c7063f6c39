import type { AlertGroup } from '../../core/watch.js';
import type { Stage } from './types.js';

/** A group and why it must not wake anyone now (a silence, a maintenance window), or null. */
export interface MuteVerdict {
  group: AlertGroup;
  mutedBy: string | null;
}

/**
 * Asks the mute check (silences, maintenance windows) about each group's latest alert, at the
 * pipeline's now. A group whose latest alert is no longer stored is not muted.
 */
export const mute: Stage<AlertGroup, MuteVerdict> = async (batch, deps) => {
  const verdicts: MuteVerdict[] = [];
  for (const group of batch) {
    const latest = await deps.alertById(group.lastAlertId);
    verdicts.push({ group, mutedBy: latest ? await deps.muted(latest, deps.now()) : null });
  }
  return verdicts;
};
