import { stringify as csvStringify } from 'csv-stringify/sync';
import { stringify as yamlStringify } from 'yaml';
import type { SnapFormat } from '../core/config.js';
import type { Snapshot } from './types.js';

/**
 * Upper bound, in bytes, of anything `formatSnapshot` returns. A snapshot lands in files, S3 and
 * the store; a host with thousands of containers or a metric printing garbage must not make it huge.
 */
export const MAX_SNAPSHOT_BYTES = 1_000_000;
/** Longer strings (process names, images, metric errors) are cut to this many characters plus "…". */
export const MAX_STRING_CHARS = 256;

type Scalar = string | number | boolean | null;

/**
 * Renders a snapshot as pretty JSON, YAML, or CSV (`key,value`, one dotted key per metric).
 * Guarantees at most MAX_SNAPSHOT_BYTES: strings are cut to MAX_STRING_CHARS, then, only if still
 * too big, containers, filesystems and metrics are dropped from the end and counted in `omitted`.
 *
 * `stream`: one record of a stream of snapshots (`snap --interval` into a pipe), in the format's own
 * stream form, so the concatenation parses: one JSON line each (NDJSON), YAML documents each opened
 * by `---`, CSV rows under the one `key,value` header the first record prints.
 */
export function formatSnapshot(snapshot: Snapshot, format: SnapFormat, stream?: { first: boolean }): string {
  const bounded = clampStrings(snapshot);
  const render = (value: Snapshot) =>
    stream ? renderRecord(value, format, stream.first) : renderDocument(value, format);
  let text = render(bounded);
  for (let bytes = Buffer.byteLength(text); bytes > MAX_SNAPSHOT_BYTES; bytes = Buffer.byteLength(text)) {
    // Cut in proportion to the excess (with a margin) so a huge host costs two or three renders, not twenty.
    if (!shrink(bounded, (MAX_SNAPSHOT_BYTES / bytes) * 0.9)) break; // unreachable: empty lists fit easily
    text = render(bounded);
  }
  return text;
}

function renderDocument(snapshot: Snapshot, format: SnapFormat): string {
  if (format === 'json') return `${JSON.stringify(snapshot, null, 2)}\n`;
  if (format === 'yaml') return yamlStringify(snapshot);
  return csvStringify([['key', 'value'], ...csvRows(snapshot)]);
}

function renderRecord(snapshot: Snapshot, format: SnapFormat, first: boolean): string {
  if (format === 'json') return `${JSON.stringify(snapshot)}\n`;
  if (format === 'yaml') return `---\n${yamlStringify(snapshot)}`;
  return csvStringify(first ? [['key', 'value'], ...csvRows(snapshot)] : csvRows(snapshot));
}

function csvRows(snapshot: Snapshot): string[][] {
  return flattenSnapshot(snapshot).map(([key, value]) => [key, csvValue(value)]);
}

function csvValue(value: Scalar): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

/**
 * One `[key, value]` per measured value, dotted and stable: filesystems keyed by mount
 * (`filesystems./.usedPct`), processes by rank (`processes.topCpu.1.name`), containers by name
 * (`docker.containers.web.cpuPct`), custom metrics as `metrics.<name>` (+ `metrics.<name>.error`).
 */
export function flattenSnapshot(snapshot: Snapshot): Array<[string, Scalar]> {
  const rows: Array<[string, Scalar]> = [];
  const { filesystems, processes, docker, metrics, omitted, ...scalars } = snapshot;
  flatten(rows, '', scalars);
  for (const { mount, ...fs } of filesystems) flatten(rows, `filesystems.${mount}`, fs);
  for (const list of ['topCpu', 'topMemory'] as const) {
    for (const [index, process] of processes[list].entries()) {
      flatten(rows, `processes.${list}.${index + 1}`, process);
    }
  }
  rows.push(['docker.available', docker.available]);
  if (docker.available) {
    for (const { name, ...container } of docker.containers) flatten(rows, `docker.containers.${name}`, container);
  } else {
    rows.push(['docker.reason', docker.reason]);
  }
  for (const metric of metrics) {
    rows.push([`metrics.${metric.name}`, metric.value]);
    if (metric.error !== undefined) rows.push([`metrics.${metric.name}.error`, metric.error]);
  }
  if (omitted) flatten(rows, 'omitted', omitted);
  return rows;
}

function flatten(rows: Array<[string, Scalar]>, prefix: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object') {
    rows.push([prefix, value as Scalar]);
    return;
  }
  for (const [key, child] of Object.entries(value)) flatten(rows, prefix ? `${prefix}.${key}` : key, child);
}

/** A deep copy with every string cut to MAX_STRING_CHARS. */
function clampStrings<T>(value: T): T {
  if (typeof value === 'string') {
    return (value.length > MAX_STRING_CHARS ? `${value.slice(0, MAX_STRING_CHARS)}…` : value) as T;
  }
  if (Array.isArray(value)) return value.map(clampStrings) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, clampStrings(child)])) as T;
  }
  return value;
}

/** Cuts the longest list to `keep` of its length, counting what was left out; false when nothing is left. */
function shrink(snapshot: Snapshot, keep: number): boolean {
  const lists = {
    containers: snapshot.docker.available ? snapshot.docker.containers : [],
    filesystems: snapshot.filesystems,
    metrics: snapshot.metrics,
  };
  const [key, list] = Object.entries(lists).sort((a, b) => b[1].length - a[1].length)[0]!;
  if (list.length === 0) return false;
  const drop = Math.max(1, list.length - Math.floor(list.length * keep));
  list.splice(list.length - drop, drop);
  snapshot.omitted ??= {};
  const omitted = snapshot.omitted as Record<string, number>;
  omitted[key] = (omitted[key] ?? 0) + drop;
  return true;
}

const EXTENSIONS: Record<SnapFormat, string> = { json: 'json', yaml: 'yaml', csv: 'csv' };
const FILE_NAME = /^snap-([A-Za-z0-9.-]+)-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z\.(json|yaml|csv)$/;

/**
 * `snap-<host>-<yyyymmddThhmmssZ>.<ext>` in UTC: no colons (Windows, S3 keys) and, per host,
 * lexical order is time order. The host is reduced to [A-Za-z0-9.-]; two snapshots of one host
 * in the same second get the same name.
 */
export function snapshotFileName(host: string, takenAt: Date, format: SnapFormat): string {
  const safeHost =
    host
      .replace(/[^A-Za-z0-9.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 100) || 'host';
  const stamp = takenAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `snap-${safeHost}-${stamp}.${EXTENSIONS[format]}`;
}

/** What a snapshot file name says about the snapshot. */
export interface SnapshotFileName {
  host: string;
  takenAt: Date;
  format: SnapFormat;
}

/**
 * The inverse of `snapshotFileName` (host as sanitized); null for any other name, including
 * impossible dates, so retention never deletes a file soloops did not write.
 */
export function parseSnapshotFileName(name: string): SnapshotFileName | null {
  const match = FILE_NAME.exec(name);
  if (!match) return null;
  const [, host, year, month, day, hour, minute, second, ext] = match;
  const takenAt = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
  if (
    Number.isNaN(takenAt.getTime()) ||
    takenAt.toISOString().slice(0, 19) !== `${year}-${month}-${day}T${hour}:${minute}:${second}`
  ) {
    return null;
  }
  return { host: host!, takenAt, format: ext as SnapFormat };
}
