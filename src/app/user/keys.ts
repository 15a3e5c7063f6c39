import type { ApiKeyJson } from '../../core/console.js';
import { UserError } from '../../core/errors.js';
import type { Store } from '../../store/types.js';
import { newSecret, secretHash } from '../../watch/console/credentials.js';
import { type AppContext, withStore } from '../context.js';
import { type Actor, checkName, checkRole, cliActor } from './rules.js';

/** How much of a key the list shows to tell keys apart: `sok_` and 8 random characters. */
const PREFIX_LENGTH = 12;

/** A new key: the secret is returned this once; the store keeps only its SHA-256. */
export interface CreatedKey {
  key: ApiKeyJson;
  secret: string;
}

/** Creates an API key over an open store (the CLI and the console's admin API share it). */
export async function createKeyIn(
  store: Store,
  by: Actor,
  input: { name: string; role: string; createdBy?: string },
  now: Date,
): Promise<CreatedKey> {
  const name = checkName(input.name, 'key');
  const role = checkRole(input.role);
  const secret = newSecret('sok_');
  const prefix = secret.slice(0, PREFIX_LENGTH);
  const key = await store.accounts.createKey(
    { name, role, keyHash: secretHash(secret), prefix, createdBy: input.createdBy ?? by.actor },
    now,
  );
  await store.audit.record({ ...by, action: 'key.create', target: prefix, detail: { name, role } }, now);
  return { key, secret };
}

/** Revokes a key by id or prefix; a UserError when none matches. Revoking twice records once. */
export async function revokeKeyIn(
  store: Store,
  by: Actor,
  idOrPrefix: string | number,
  now: Date,
): Promise<ApiKeyJson> {
  const key = await store.accounts.revokeKey(idOrPrefix, now);
  if (!key)
    throw new UserError(
      `no API key has the id or prefix ${JSON.stringify(String(idOrPrefix))}`,
      '`soloops user key list` shows them',
    );
  // The store keeps the first revocation time: `now` means this call is the one that revoked it.
  if (key.revokedAt === now.toISOString())
    await store.audit.record({ ...by, action: 'key.revoke', target: key.prefix, detail: { name: key.name } }, now);
  return key;
}

/** `soloops user key create --name NAME --role ROLE`. */
export function createKey(app: AppContext, input: { name: string; role: string }): Promise<CreatedKey> {
  return withStore(app, {}, (store) => createKeyIn(store, cliActor(app.env), input, new Date()));
}

/** `soloops user key list`: every key, revoked ones too, never the secret. */
export function listKeys(app: AppContext): Promise<ApiKeyJson[]> {
  return withStore(app, {}, (store) => store.accounts.listKeys());
}

/** `soloops user key revoke ID|PREFIX`: `changed` is false when it was revoked before. */
export function revokeKey(app: AppContext, idOrPrefix: string): Promise<{ key: ApiKeyJson; changed: boolean }> {
  const now = new Date();
  return withStore(app, {}, async (store) => {
    const key = await revokeKeyIn(store, cliActor(app.env), idOrPrefix, now);
    return { key, changed: key.revokedAt === now.toISOString() };
  });
}
