import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Store } from '../../store/index.js';
import type { AppContext } from '../context.js';
import { makeDigest, resolveWindow } from '../digest/digest.js';
import { deliverDigest } from '../digest/send.js';
import { personTimeZone } from '../config.js';

/** How late after `digest.at` a daemon that was down still sends that morning's digest. */
const LATE_LIMIT_MS = 12 * 3600_000;

/**
 * The daemon's morning digest: once `digest.at` has passed on the person's clock, the digest of
 * the window as it stood at that moment is sent, once. The window is fixed by the day, and the
 * store holds one digest per window, so a restart, a second daemon or a systemd timer never
 * sends it twice.
 */
export function digestTask(app: () => AppContext, store: Store, log: Logger, now: () => Date) {
  return {
    name: 'morning digest',
    everyMs: 60_000,
    async run(): Promise<void> {
      // One reading of the (reloadable) context for the whole run.
      const context = app();
      const { config } = context;
      const at = config.digest.at;
      if (!at || config.digest.send.length === 0) return;
      const zone = personTimeZone(config);
      const local = DateTime.fromJSDate(now(), { zone });
      const due = local.set({
        hour: Number(at.slice(0, 2)),
        minute: Number(at.slice(3, 5)),
        second: 0,
        millisecond: 0,
      });
      if (local < due || local.toMillis() - due.toMillis() > LATE_LIMIT_MS) return;
      const window = resolveWindow(config, {}, due.toJSDate());
      const stored = await store.digest.digestFor(window);
      if (stored)
        return void log.debug(
          { digest: stored.id, status: stored.status },
          'morning digest already stored for this window',
        );
      const digest = await makeDigest(config, store, window, now(), { env: context.env });
      const delivery = await deliverDigest(config, store, digest, config.digest.send, {
        env: context.env,
        baseDir: context.configDir,
        now: now(),
      });
      const failed = delivery.results.filter((r) => !r.ok);
      if (failed.length)
        log.error({ digest: delivery.id, failed }, 'morning digest not delivered; the next one reports it');
      else log.info({ digest: delivery.id, window: window.label, channels: config.digest.send }, 'morning digest sent');
    },
  };
}
