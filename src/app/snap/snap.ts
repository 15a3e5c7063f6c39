import fs from 'node:fs/promises';
import path from 'node:path';
import { ExternalError, UserError, messageOf } from '../../core/errors.js';
import { makeDirSync } from '../../core/make-dir.js';
import { collectSnapshot, type SystemSample } from '../../snap/collect.js';
import { formatSnapshot, snapshotFileName } from '../../snap/format.js';
import { pruneLocal } from '../../snap/retention.js';
import type { Snapshot } from '../../snap/types.js';
import type { SnapshotRow, Store } from '../../store/types.js';
import type { HostAlerts } from './host-alerts.js';
import { summaryRow } from './summary.js';
import type { SnapPlan } from './plan.js';

/** What one snapshot run did. */
export interface SnapOutcome {
  snapshot: Snapshot;
  /** The snapshot rendered in the plan's format. */
  text: string;
  bytes: number;
  file: string | null;
  upload: { url: string; attempts: number } | null;
  /** Set when the upload finally failed; the local file (if any) was kept. */
  uploadError: ExternalError | null;
  pruned: { local: string[]; remote: string[] };
}

/** Dependencies the run needs from the composition root. */
export interface SnapDeps {
  /** A promise, so the store (and its driver) can open while the CPU is being sampled. */
  store: Promise<Store>;
  signal: AbortSignal;
  now?: () => Date;
  /** A system sample started early (see `startSnapshotSample`); used once. */
  sample?: SystemSample | undefined;
  /** Progress for a human (stderr). */
  log?: (message: string) => void;
}

/**
 * Collect → render → write → upload → record → prune. An upload failure keeps the local file,
 * skips pruning (so un-uploaded snapshots are never deleted) and is returned, not thrown,
 * so the caller can still report what did work before exiting 1.
 */
export async function takeSnapshot(plan: SnapPlan, deps: SnapDeps): Promise<SnapOutcome> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => {});
  // Before collecting: an unusable --out fails at once, not after the half-second sample.
  const folder = plan.out ? makeOutFolder(plan.out) : null;
  const snapshot = await collectSnapshot({
    metrics: plan.metrics,
    flagMetrics: plan.flagMetrics,
    dockerSocket: plan.dockerSocket,
    signal: deps.signal,
    now,
    sample: deps.sample,
  });
  const text = formatSnapshot(snapshot, plan.format);
  const name = snapshotFileName(snapshot.host.hostname, new Date(snapshot.takenAt), plan.format);
  const file = folder ? await writeSnapshotFile(folder, name, text) : null;

  let upload: SnapOutcome['upload'] = null;
  let uploadError: ExternalError | null = null;
  const pruned: SnapOutcome['pruned'] = { local: [], remote: [] };
  if (plan.upload) {
    log(`uploading to ${plan.upload.url} …`);
    const { uploadAndPrune } = await import('./upload.js');
    try {
      const result = await uploadAndPrune(plan.upload, {
        name,
        text,
        format: plan.format,
        keepDays: plan.keepDays,
        now: now(),
        signal: deps.signal,
      });
      upload = result.upload;
      pruned.remote = result.prunedRemote;
    } catch (error) {
      uploadError = error instanceof ExternalError ? error : new ExternalError(messageOf(error));
    }
  }

  const store = await deps.store;
  const row = summaryRow(snapshot, file, upload?.url ?? null);
  await store.recordSnapshot(row);
  if (plan.hostAlerts) await raiseHostAlerts(plan.hostAlerts, row, store, log);

  if (plan.out && plan.keepDays > 0 && !uploadError) {
    pruned.local = (await pruneLocal({ dir: plan.out, keepDays: plan.keepDays, now: now() })).deleted;
  }
  return { snapshot, text, bytes: Buffer.byteLength(text), file, upload, uploadError, pruned };
}

const OUT_HINT = 'choose a folder you can write to with --out (or snap.out), e.g. --out ~/snaps';

function makeOutFolder(dir: string): string {
  const folder = path.resolve(dir);
  try {
    makeDirSync(folder); // not fs.mkdir's recursive walk: it spins forever on /proc/foo
  } catch (error) {
    throw new UserError(`cannot create the snapshot folder ${folder}: ${messageOf(error)}`, OUT_HINT);
  }
  return folder;
}

async function writeSnapshotFile(folder: string, name: string, text: string): Promise<string> {
  const file = path.join(folder, name);
  try {
    await fs.writeFile(file, text, { mode: 0o640 });
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${messageOf(error)}`, OUT_HINT);
  }
  return file;
}

/** `snap.alerts` on this round; an inbox that cannot take the alerts is a warning (they go next round). */
async function raiseHostAlerts(alerts: HostAlerts, row: SnapshotRow, store: Store, log: (m: string) => void) {
  try {
    for (const alert of await alerts.observe(row, store)) log(`${alert.status}: ${alert.title}`);
  } catch (error) {
    log(`could not store host alerts: ${messageOf(error)} (will try again next round)`);
  }
}
