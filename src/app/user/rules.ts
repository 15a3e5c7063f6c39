import { ROLES, type Role } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import { newSecret } from '../../watch/console/credentials.js';

/** Who makes a change, as the audit log records it. */
export interface Actor {
  /** `cli:<$USER>` from the CLI; a user's name, `key:<name>` or `admin token` over HTTP. */
  actor: string;
  /** The client's address over HTTP; null from the CLI. */
  address: string | null;
}

/** The CLI's actor: `cli:` and the login name of whoever runs the command (no address). */
export function cliActor(env: Record<string, string | undefined>): Actor {
  return { actor: `cli:${env.USER || env.LOGNAME || 'unknown'}`, address: null };
}

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** A user's or key's name: 1–64 letters, digits, `.`, `_`, `-` or `@` (so an e-mail address fits). */
export function checkName(name: string, what: 'user' | 'key' = 'user'): string {
  if (!NAME.test(name))
    throw new UserError(
      `${JSON.stringify(name)} is not a valid ${what} name`,
      'use 1 to 64 letters, digits, dots, dashes, underscores or @ (ana, ana.lima, ana@example.com)',
    );
  return name;
}

/** One of the console's roles, or a UserError listing them. */
export function checkRole(role: string): Role {
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  throw new UserError(`unknown role ${JSON.stringify(role)}`, `roles: ${ROLES.join(', ')}`);
}

export const MIN_PASSWORD = 12;
// argon2 would hash a megabyte happily; a cap keeps a pasted file from being taken for a password.
const MAX_PASSWORD = 1024;

/** A password a person chose: long enough to resist guessing, not absurdly long. */
export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD)
    throw new UserError(
      `the password is too short (${password.length} characters; at least ${MIN_PASSWORD})`,
      'choose a longer one, or let soloops generate one (--generate)',
    );
  if (password.length > MAX_PASSWORD)
    throw new UserError(`the password is too long (at most ${MAX_PASSWORD} characters)`);
  return password;
}

/** A generated password: 20 base64url characters (120 random bits), easy to paste, hard to guess. */
export function generatePassword(): string {
  return newSecret().slice(0, 20);
}
