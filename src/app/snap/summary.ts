import type { Snapshot } from '../../snap/types.js';
import type { SnapshotRow } from '../../store/types.js';

/** The row `store.recordSnapshot` keeps of a snapshot (the daemon's host sampler records the same). */
export function summaryRow(snapshot: Snapshot, file: string | null, uploadedUrl: string | null): SnapshotRow {
  const diskPcts = snapshot.filesystems.map((f) => f.usedPct);
  return {
    takenAt: new Date(snapshot.takenAt),
    host: snapshot.host.hostname,
    cpuPct: snapshot.cpu.usagePct,
    memUsedPct: snapshot.memory.usedPct,
    diskMaxPct: diskPcts.length ? Math.max(...diskPcts) : null,
    load1: snapshot.cpu.load['1m'],
    containers: snapshot.docker.available ? snapshot.docker.containers.length : null,
    path: file,
    uploadedUrl,
  };
}
