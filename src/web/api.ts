/**
 * The console's one way to the API: same-origin fetch with the session cookie, the CSRF token
 * (double-submit: the `soloops_csrf` cookie echoed in `X-CSRF-Token` on every write), JSON in and
 * out, and errors as {@link ApiFailure} with the server's message, hint and body (a 409 carries
 * the current incident, for the merge view).
 */

/** The cookie the server sets at login (readable by the page, unlike the session cookie). */
export const CSRF_COOKIE = 'soloops_csrf';
/** The header a write must carry with the CSRF cookie's value. */
export const CSRF_HEADER = 'X-CSRF-Token';

/** A refused or failed request: its HTTP status, the server's `error` and `hint`, and its whole body. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint: string | undefined,
    readonly body: unknown,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** Called when a request answers 401 (the session ended): the shell shows the login form. */
let onUnauthorized: () => void = () => {};
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

/** `method` `path` with `body` as JSON; resolves to the parsed JSON answer, rejects with ApiFailure. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = csrfToken();
  if (method !== 'GET' && csrf) headers[CSRF_HEADER] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : null;
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/api/auth/login')) onUnauthorized();
    const { error, hint } = (parsed ?? {}) as { error?: string; hint?: string };
    throw new ApiFailure(response.status, error ?? response.statusText, hint, parsed);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: text };
  }
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);
