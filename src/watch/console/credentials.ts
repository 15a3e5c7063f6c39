/**
 * The console's secrets: passwords (argon2id, @node-rs/argon2's OWASP defaults) and random tokens
 * (session tokens, API keys), which the store keeps only as SHA-256 hashes: they are 256 random
 * bits, so a fast hash is enough and a lookup by hash stays one indexed read.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** An argon2id hash of `password` with a random salt, in the PHC string format. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when `password` matches `passwordHash`; false (never a throw) for a malformed hash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A new random secret: `prefix` + 43 base64url characters (256 bits). */
export function newSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps of a token or key: its SHA-256, hex. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
