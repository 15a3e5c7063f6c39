import type { NormalizedAlert } from '../core/alert.js';
import { normalizeForFingerprint } from '../core/fingerprint.js';

/**
 * Labels that carry the alert's own name, in the order they are trusted: Alertmanager's and
 * Grafana's `alertname`, a CloudWatch alarm's `alarm`, an Uptime Kuma `monitor`. Without one, the
 * title is the name (Datadog's monitor name, a Sentry issue, a log line's message).
 */
const NAME_LABELS = ['alertname', 'alarm', 'monitor'] as const;

/**
 * Labels that name a machine: their values are dropped from the type, so the same alert on
 * another host is the same type (as features.ts drops their words from the model's view).
 */
const HOST_LABELS = ['host', 'hostname', 'instance', 'node', 'pod', 'container', 'server', 'device'] as const;

/** Host values shorter than this are not removed: "a" or "db" would cut through real words. */
const MIN_HOST_LENGTH = 3;

/** A quoted value ("disk '/var' full", `table "users"`): what is quoted is a parameter, not the kind. */
const QUOTED = /(?<!\w)(["'`])(?:(?!\1).)*\1/g;
const HAS_QUOTE = /["'`]/;

/** Replaces every quoted value and every host name in `text`, then numbers, ids, IPs and times. */
function normalizeName(text: string, hosts: string[] | undefined): string {
  let out = text.toLowerCase();
  if (HAS_QUOTE.test(out)) out = out.replace(QUOTED, '<q>');
  if (hosts) for (const host of hosts) out = out.replaceAll(host, '<host>');
  return normalizeForFingerprint(out);
}

function hostsOf(labels: Record<string, string>): string[] | undefined {
  let hosts: string[] | undefined;
  for (const key of HOST_LABELS) {
    const value = labels[key];
    if (value !== undefined && value.length >= MIN_HOST_LENGTH) (hosts ??= []).push(value.toLowerCase());
  }
  // Longest first, so "web-1.example.com" is replaced whole before "web-1" cuts it in two.
  return hosts?.sort((a, b) => b.length - a.length);
}

/** The alert's name: its name label when it has one, else its title. */
export function nameOf(alert: NormalizedAlert): string {
  for (const key of NAME_LABELS) {
    const value = alert.labels[key];
    if (value) return value;
  }
  return alert.title;
}

/**
 * The host names of an alert as one string (its labels' values as given: a cache key), or ''.
 * Without an array or a copy for the common alert with one host label or none.
 */
function hostKeyOf(labels: Record<string, string>): string {
  let key = '';
  for (const label of HOST_LABELS) {
    const value = labels[label];
    if (value !== undefined && value.length >= MIN_HOST_LENGTH) key = key === '' ? value : `${key}\u0000${value}`;
  }
  return key;
}

/**
 * Type keys by source, service, name and host names. A stream repeats a few types at 100k
 * alerts/s, and the regexes of the normalization cost more than a lookup. Nested maps rather than
 * one joined key: hashing the alert's own strings is several times cheaper than building and
 * hashing a new one per alert. Bounded, so unique titles cannot grow it without limit.
 */
type Level<T> = Map<string, T>;
const keys: Level<Level<Level<Level<string>>>> = new Map();
let cached = 0;
const MAX_CACHED = 10_000;
const MAX_CACHED_LENGTH = 1_024;

/**
 * The type of an alert: `source|service|name`, lower-case, with quoted values, host names (the
 * values of host-like labels), numbers, ids, IPs and times normalized away, so every firing of
 * the same kind of alert, on any host and with any figures, has the same key. This is the key
 * the person's corrections hold for (`triage feedback list` shows it; `forget` takes it back).
 */
export function typeOf(alert: NormalizedAlert): string {
  const { source, service } = alert;
  const name = nameOf(alert);
  const hostKey = hostKeyOf(alert.labels);
  let byService = keys.get(source);
  let byName = byService?.get(service);
  let byHosts = byName?.get(name);
  let key = byHosts?.get(hostKey);
  if (key !== undefined) return key;
  const hosts = hostKey === '' ? undefined : hostsOf(alert.labels);
  key = `${source}|${normalizeName(service, hosts)}|${normalizeName(name, hosts)}`;
  if (name.length + service.length + hostKey.length > MAX_CACHED_LENGTH) return key;
  if (++cached > MAX_CACHED) {
    keys.clear();
    cached = 1;
    byService = byName = byHosts = undefined;
  }
  if (!byService) keys.set(source, (byService = new Map()));
  if (!byName) byService.set(service, (byName = new Map()));
  if (!byHosts) byName.set(name, (byHosts = new Map()));
  byHosts.set(hostKey, key);
  return key;
}
