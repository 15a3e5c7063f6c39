import type { Digest } from '../../core/digest.js';
import type { DigestWindow } from '../../digest/window.js';
import { withStore, type AppContext } from '../context.js';
import { makeDigest } from './digest.js';
import { deliverDigest, type DigestChannel, type DigestDelivery } from './send.js';

// What `soloops digest` asks of the store, each call opening and closing it: the cli renders or
// reports the result and never holds a connection itself.

/**
 * The digest of `window`, read from a read-only store that is closed before this resolves (the
 * interactive view then records feedback through its own connection: never two writers).
 */
export async function readDigest(app: AppContext, window: DigestWindow, now: Date): Promise<Digest> {
  return withStore(app, { readOnly: true }, async (store) => {
    return await makeDigest(app.config, store, window, now, { env: app.env });
  });
}

/** Builds the digest of `window` and sends it by `channels`, recording the send (once per window unless `force`). */
export async function sendDigest(
  app: AppContext,
  window: DigestWindow,
  now: Date,
  channels: DigestChannel[],
  force?: boolean,
): Promise<DigestDelivery> {
  return withStore(app, {}, async (store) => {
    const digest = await makeDigest(app.config, store, window, now, { env: app.env });
    return await deliverDigest(app.config, store, digest, channels, {
      env: app.env,
      baseDir: app.configDir,
      now,
      force,
    });
  });
}
