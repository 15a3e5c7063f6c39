/**
 * What every check in this folder answers. Reasons are short sentences for the 401 body and the
 * log; they name what was wrong (a header, a host), never a secret or a token.
 */
export type AuthResult = { ok: true } | { ok: false; reason: string };

/** The passing result, shared so callers can compare by shape without allocating. */
export const passed: AuthResult = Object.freeze({ ok: true });

/** A failing result with a human reason. */
export const failed = (reason: string): AuthResult => ({ ok: false, reason });
