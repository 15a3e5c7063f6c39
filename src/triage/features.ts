import type { NormalizedAlert } from '../core/alert.js';
import { BoundedMemo } from '../core/bounded-memo.js';
import { addImpactFeatures } from './impact.js';

// extractFeatures runs for every alert at 100k alerts/s, so words() is a hand-written scanner:
// one pass over the text and one lowercasing, measured faster than replace/match chains.
const OTHER = 0;
const LOWER = 1;
const UPPER = 2;
const DIGIT = 3;
const ASCII_KIND = new Uint8Array(128);
for (let c = 0; c < 128; c++)
  ASCII_KIND[c] = c >= 97 && c <= 122 ? LOWER : c >= 65 && c <= 90 ? UPPER : c >= 48 && c <= 57 ? DIGIT : OTHER;

function kindAt(text: string, i: number): number {
  const code = i < text.length ? text.charCodeAt(i) : 0;
  return code < 128 ? ASCII_KIND[code]! : OTHER;
}

/**
 * Words that say nothing about urgency. Dropping them before bigrams makes "service is down" and
 * "service down" the same evidence, which matters more across authors than it does on one corpus.
 * "no"/"not" stay: "not responding" is the opposite of "responding".
 */
const STOPWORDS = new Set(
  (
    'a an the is are was were be been being has have had do does did of on in into for to at by with and or ' +
    'this that these those it its from as than then there their which while also may might can could will ' +
    'would should per via over under about any all some our your we you i ' +
    // Month and day names come from log timestamps: after one correction they would tie every line of
    // that month to it.
    'jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun utc gmt'
  ).split(' '),
);

/**
 * Long alerts (Sentry stack traces, Datadog bodies with links) are cut here so one verbose body
 * cannot outvote its title, and the cost per alert stays bounded.
 */
const MAX_BODY_WORDS = 60;
/** Characters of body read at most: 60 words fit well within, a stack trace does not. */
const MAX_BODY_CHARS = 1000;

/**
 * Lowercase word tokens without stopwords or numbers. camelCase and acronyms are split
 * ("HostOutOfMemory" → host out memory, "HTTPServerDown" → http server down). A standalone 5xx
 * status code becomes the word "5xx" (so "HTTP 503" and "5xx errors" share evidence); short
 * names with digits survive ("k8s", "ec2", "p1", "4xx"); quantities ("10m") and longer ones (ids,
 * hashes) are dropped. Stops after `max` words.
 */
export function words(text: string, max = Infinity): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase();
  // A few non-ASCII letters change length when lowercased ("İ"); then each word is lowercased
  // on its own so the indices stay right.
  const sameIndices = lower.length === text.length;
  const word = (from: number, to: number) =>
    push(out, sameIndices ? lower.slice(from, to) : text.slice(from, to).toLowerCase());
  let start = -1;
  let prev = OTHER;
  for (let i = 0; i < text.length && out.length < max; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? ASCII_KIND[code]! : OTHER;
    if (kind === OTHER) {
      if (start >= 0) word(start, i);
      start = -1;
    } else if (start < 0) {
      start = i;
    } else if (kind === UPPER && (prev === LOWER || (prev === UPPER && acronymEnds(text, i)))) {
      // lower→Upper ("hostOut"), ACRONYMWord ("HTTPServer"); not a plural acronym ("URLs").
      word(start, i);
      start = i;
    }
    prev = kind;
  }
  if (start >= 0 && out.length < max) word(start, text.length);
  return out;
}

/** At an upper-case letter after another: true when a lower-case word starts here ("HTTPServer"). */
function acronymEnds(text: string, i: number): boolean {
  if (kindAt(text, i + 1) !== LOWER) return false;
  return !(text.charCodeAt(i + 1) === 115 /* s */ && kindAt(text, i + 2) !== LOWER);
}

function push(out: string[], word: string): void {
  if (word.length < 2 || STOPWORDS.has(word)) return;
  const first = word.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    // Digit first: a number, a quantity ("10m", "2gb") or a status class ("4xx").
    let digits = 1;
    while (digits < word.length && kindAt(word, digits) === DIGIT) digits++;
    if (digits === word.length) {
      if (digits === 3 && first === 53 /* 5 */) out.push('5xx');
    } else if (digits === 1 && word.length === 3 && word.endsWith('xx')) {
      out.push(word);
    }
    return;
  }
  if (word.length > 4) {
    for (let i = 1; i < word.length; i++) if (kindAt(word, i) === DIGIT) return; // an id or a hash
  }
  out.push(singular(word));
}

/**
 * Folds plain English plurals ("errors", "instances", "queries") onto the singular, so one
 * author's plural is evidence for another's singular. Deliberately crude: only -ies and -s, never
 * -ss/-us/-is ("process", "status", "redis"), never short words ("dns", "aws").
 */
function singular(word: string): string {
  if (word.length <= 3 || word.charCodeAt(word.length - 1) !== 115 /* s */) return word;
  const before = word[word.length - 2];
  if (before === 's' || before === 'u' || before === 'i') return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return word.slice(0, -1);
}

/** Environment names as people spell them, folded so feedback on "stage" teaches "staging" too. */
const ENVIRONMENTS: Record<string, string> = {
  prod: 'prod',
  production: 'prod',
  prd: 'prod',
  live: 'prod',
  stage: 'staging',
  staging: 'staging',
  stg: 'staging',
  preprod: 'staging',
  dev: 'dev',
  development: 'dev',
  local: 'dev',
  sandbox: 'dev',
  test: 'test',
  testing: 'test',
  qa: 'test',
  ci: 'test',
};

function environmentOf(labels: Record<string, string>): string | undefined {
  const value = labels.env ?? labels.environment ?? labels.stage;
  return value === undefined ? undefined : ENVIRONMENTS[value.toLowerCase()];
}

function addTokens(into: Set<string>, tokens: string[]): void {
  for (let i = 0; i < tokens.length; i++) {
    into.add(tokens[i]!);
    if (i > 0) into.add(`${tokens[i - 1]} ${tokens[i]}`);
  }
}

/**
 * Labels that name a machine. Their words ("web" of web-1) recur in every alert from that host,
 * so after one correction they would drag all of its alerts along; they are not evidence.
 */
const HOST_LABELS = ['host', 'hostname', 'instance', 'node', 'pod', 'container', 'server', 'device'];

function hostWordsOf(labels: Record<string, string>): string[] | undefined {
  let hostWords: string[] | undefined;
  for (const key of HOST_LABELS) {
    const value = labels[key];
    if (value) (hostWords ??= []).push(...words(value));
  }
  return hostWords;
}

const without = (tokens: string[], drop: string[] | undefined) =>
  drop ? tokens.filter((t) => !drop.includes(t)) : tokens;

/**
 * `prefix:value` strings, made once per distinct value: the same few services and severity words
 * recur on every alert, and a reused string keeps its hash for the model's lookup. Bounded in count
 * and value length, so a stream of unique or huge values cannot grow it without limit.
 */
class Prefixed {
  private readonly cache = new BoundedMemo<string>(10_000, 256);
  constructor(private readonly prefix: string) {}
  of(value: string): string {
    let cached = this.cache.get(value);
    if (cached === undefined) {
      cached = `${this.prefix}:${value.toLowerCase()}`;
      this.cache.set(value, cached);
    }
    return cached;
  }
}

const HINT = new Prefixed('hint');
const LEVEL = new Prefixed('level');
const SEV = new Prefixed('sev');
const STATUS = new Prefixed('status');
const SOURCE = new Prefixed('source');
const SERVICE = new Prefixed('service');
const ENV = new Prefixed('env');

/**
 * Everything of an alert that its features depend on, reduced to words: the title's and the body's
 * words (host names removed) and the structured features. Numbers and ids are not words, so the
 * same alert firing again on another host or with other figures has the same view, and
 * `viewKey` lets a caller reuse the verdict (see verdict-cache.ts).
 */
export interface AlertView {
  title: string[];
  body: string[];
  fields: string[];
}

/**
 * The view extractFeatures turns into features. `withoutSender` leaves the sender's severity out
 * (as if it gave none): what the words alone say, beside a sender's verdict.
 */
export function viewOf(alert: NormalizedAlert, withoutSender = false): AlertView {
  const hostWords = hostWordsOf(alert.labels);
  const body = alert.body.length > MAX_BODY_CHARS ? alert.body.slice(0, MAX_BODY_CHARS) : alert.body;
  // A log level is a developer's guess for a code path, not someone's verdict on this alert:
  // it gets its own feature, so the model can trust it less than a sender's severity.
  const hint = withoutSender ? null : alert.severityHint;
  const fields = [(alert.source === 'text' ? LEVEL : HINT).of(hint ?? 'none')];
  if (alert.severityText && !withoutSender) fields.push(SEV.of(alert.severityText));
  fields.push(STATUS.of(alert.status), SOURCE.of(alert.source));
  if (alert.service) fields.push(SERVICE.of(alert.service));
  const env = environmentOf(alert.labels);
  if (env) fields.push(ENV.of(env));
  return {
    title: without(words(alert.title), hostWords),
    body: without(words(body, MAX_BODY_WORDS), hostWords),
    fields,
  };
}

/**
 * Everything of an alert that viewOf reads, as a path of strings for a BoundedPathMemo (fields
 * that vary least first): equal paths, equal views. Cheaper than the view itself (no words are
 * cut), so a cache recognizes an alert seen before in a few lookups; the view key (below) still
 * recognizes the same view in other numbers or on another host. Without the sender's severity it
 * is the path of the same alert with none, as for viewOf.
 */
export function rawViewPath(alert: NormalizedAlert, withoutSender = false): string[] {
  const { labels } = alert;
  let hosts = '';
  for (const key of HOST_LABELS) {
    const value = labels[key];
    // Labels carry no NUL (sources replace it), so it separates the values unambiguously.
    if (value) hosts = hosts === '' ? value : `${hosts}\u0000${value}`;
  }
  const env = labels.env ?? labels.environment ?? labels.stage ?? '';
  // No hint and no word read alike (hint:none, no sev: feature), and so do null and ''.
  const hint = withoutSender ? '' : (alert.severityHint ?? '');
  const word = withoutSender ? '' : (alert.severityText ?? '');
  return [alert.source, alert.status, hint, word, alert.service, env, hosts, alert.title, alert.body];
}

/** One string per distinct view: equal keys, equal features. */
export function viewKey(view: AlertView): string {
  return `${view.title.join(' ')}\n${view.body.join(' ')}\n${view.fields.join('\n')}`;
}

/**
 * The model's view of one alert: distinct word unigrams and bigrams of title and body (bigrams
 * never span the two), plus structured features the model treats as categorical fields:
 * `hint:<critical|warning|info|none>` (`level:` for log lines), `sev:<sender's word>`, `status:<firing|resolved>`,
 * `source:<name>`, `service:<name>`, `env:<prod|staging|dev|test>` when a label says so, and
 * `title:<title words>`, the alert's identity.
 * Features are distinct (binarized): repeating a word in a long body is not more evidence.
 */
export function extractFeatures(alert: NormalizedAlert): string[] {
  return featuresOf(viewOf(alert));
}

/**
 * Body words that count as evidence: the opening says what happened; the rest of a description is
 * each author's boilerplate (how to investigate, what the metric means), which does not carry
 * across authors (bench/triage-quality.mjs: held-out AUC 0.67 at 10 words, 0.65 at 20 or none).
 */
const BODY_FEATURE_WORDS = 10;

/** The features of a view (see extractFeatures); impact classes too (impact.ts). */
export function featuresOf(view: AlertView): string[] {
  const features = new Set<string>();
  addTokens(features, view.title);
  // The alert's identity for the person's corrections: its title words, so a correction also
  // covers the same alert on another host (numbers and ids are not words).
  if (view.title.length > 0) features.add(`${IDENTITY_PREFIX}${view.title.join(' ')}`);
  const body = view.body.length > BODY_FEATURE_WORDS ? view.body.slice(0, BODY_FEATURE_WORDS) : view.body;
  addTokens(features, body);
  addImpactFeatures(features, view.title);
  addImpactFeatures(features, body);
  for (const field of view.fields) features.add(field);
  return Array.from(features);
}

/** The word features (unigrams and bigrams, impact classes) of a bare phrase, as in a title. */
export function textFeatures(text: string): string[] {
  const features = new Set<string>();
  const tokens = words(text);
  addTokens(features, tokens);
  addImpactFeatures(features, tokens);
  return [...features];
}

/** Prefix of the identity feature (see extractFeatures). */
export const IDENTITY_PREFIX = 'title:';

/** True for the structured (categorical) features, false for word features. */
export function isStructured(feature: string): boolean {
  return feature.includes(':');
}
