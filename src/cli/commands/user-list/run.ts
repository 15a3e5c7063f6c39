import { listUsers } from '../../../app/user/users.js';
import type { UserJson } from '../../../core/console.js';
import type { CliContext } from '../../context.js';

/** Rows of text with aligned columns. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** An ISO time as a person reads it in a table: `2026-12-01 10:00` (UTC), `-` for none. */
export const when = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')}Z` : '-');

/** One user as a line: `ana  admin  enabled  …`. */
export function userLine(user: UserJson): string[] {
  return [user.name, user.role, user.disabled ? 'disabled' : 'enabled', when(user.createdAt), when(user.lastLoginAt)];
}

/** `soloops user list`: `--json` prints `{users}` (never a password hash). */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const users = await listUsers(await context.app());
  const text = users.length
    ? table([['name', 'role', 'status', 'added', 'last sign-in'], ...users.map(userLine)])
    : 'no users yet: add one with soloops user add NAME --role admin';
  context.reporter.result({ users }, text);
}
