import { UserError } from '../core/errors.js';

/** Where the store lives, decided from `--db` / SOLOOPS_DB_URL. */
export type StoreTarget =
  | { kind: 'sqlite' }
  | {
      kind: 'postgres';
      url: string;
      /** `host:port`, safe to print. */
      address: string;
      /** Absent when the URL leaves it to pg's defaults. */
      user: string | undefined;
      database: string | undefined;
      /** Every form of the password (userinfo raw and decoded, ?password=), scrubbed from messages. */
      secrets: string[];
    };

const ACCEPTED =
  'postgres://USER:PASSWORD@HOST:PORT/DATABASE (or postgresql://), ' +
  'or leave it unset for the SQLite file in the data folder';

/** Parses the database URL; no URL (or an empty one) means the default SQLite file. */
export function parseStoreUrl(raw: string | undefined): StoreTarget {
  const text = raw?.trim();
  if (!text) return { kind: 'sqlite' };
  const parsed = parseLikePg(text);
  if (!parsed) {
    throw new UserError(
      `the database URL ${redactUrl(text)} is not a valid URL`,
      `set SOLOOPS_DB_URL or --db to ${ACCEPTED}`,
    );
  }
  const { url, host } = parsed;
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new UserError(
      `the database URL scheme "${url.protocol}" is not supported`,
      `set SOLOOPS_DB_URL or --db to ${ACCEPTED}`,
    );
  }
  const q = url.searchParams;
  // pg takes the password from the userinfo or from ?password=; both must stay out of messages.
  const secrets = [url.password, safeDecode(url.password), q.get('password') ?? ''].filter(Boolean);
  return {
    kind: 'postgres',
    url: text,
    // pg also accepts `postgres://u:pw@/db?host=/run/postgresql` (a unix socket); it defaults to localhost.
    address: `${q.get('host') || host || 'localhost'}:${q.get('port') || url.port || '5432'}`,
    user: q.get('user') || safeDecode(url.username) || undefined,
    database: safeDecode(url.pathname.slice(1)) || undefined,
    secrets,
  };
}

/** The URL with any password (userinfo or ?password=) replaced by `***`, for messages and logs. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.password) url.password = '***';
    if (url.searchParams.has('password')) url.searchParams.set('password', '***');
    return url.toString();
  } catch {
    // Unparseable: blank everything from "user:" to the last "@" (a password may itself contain
    // "@"; hiding too much beats printing half a secret), and any ?password=.
    return raw.replace(/(\/\/[^/@:]*:).*@/, '$1***@').replace(/([?&]password=)[^&#]*/gi, '$1***');
  }
}

const PLACEHOLDER = 'placeholder.invalid';

/**
 * `new URL` as pg-connection-string uses it: an empty host (`user:pw@/db?host=/socket`) is not a
 * WHATWG URL, so pg retries with a placeholder host; do the same so we accept what pg accepts.
 */
function parseLikePg(text: string): { url: URL; host: string } | undefined {
  for (const candidate of [text, text.replace('@/', `@${PLACEHOLDER}/`)]) {
    try {
      const url = new URL(candidate);
      return { url, host: url.hostname === PLACEHOLDER ? '' : url.hostname };
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/** Removes every occurrence of each secret from a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  return secrets.filter(Boolean).reduce((text, secret) => text.split(secret).join('***'), message);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
