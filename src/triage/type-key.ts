import type { NormalizedAlert } from '../core/alert.js';
import { BoundedMemo } from '../core/bounded-memo.js';
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
 * Type keys by their inputs. A stream repeats a few types at 100k alerts/s, and the regexes of
 * the normalization cost more than a lookup; bounded so unique titles cannot grow it.
 */
const keys = new BoundedMemo<string>(10_000, 1_024);

/**
 * The type of an alert: `source|service|name`, lower-case, with quoted values, host names (the
 * values of host-like labels), numbers, ids, IPs and times normalized away, so every firing of
 * the same kind of alert, on any host and with any figures, has the same key. This is the key
 * the person's corrections hold for (`triage feedback list` shows it; `forget` takes it back).
 */
export function typeOf(alert: NormalizedAlert): string {
  const hosts = hostsOf(alert.labels);
  const name = nameOf(alert);
  const input =
    hosts === undefined
      ? `${alert.source}\u0000${alert.service}\u0000${name}`
      : `${alert.source}\u0000${alert.service}\u0000${name}\u0000${hosts.join('\u0000')}`;
  let key = keys.get(input);
  if (key === undefined) {
    key = `${alert.source}|${normalizeName(alert.service, hosts)}|${normalizeName(name, hosts)}`;
    keys.set(input, key);
  }
  return key;
}
