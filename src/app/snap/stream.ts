import type { SnapFormat } from '../../core/config.js';
import { formatSnapshot } from '../../snap/format.js';
import type { Snapshot } from '../../snap/types.js';

/**
 * One snapshot as a record of what `snap --interval` prints into a pipe, in its format's stream form
 * (a JSON line, a `---` YAML document, CSV rows with the header on the first record only).
 */
export function formatSnapshotRecord(snapshot: Snapshot, format: SnapFormat, first: boolean): string {
  return formatSnapshot(snapshot, format, { first });
}
