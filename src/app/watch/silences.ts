import ms from 'ms';
import { UserError } from '../../core/errors.js';
import type { Silence } from '../../core/watch.js';
import { parseMatchers } from '../../watch/silence/index.js';
import { withStore, type AppContext } from '../context.js';

/** A new silence as the person gave it: `--match` pairs, a `--for` duration and a comment. */
export interface SilenceRequest {
  match: string[];
  duration: string | undefined;
  comment: string | undefined;
}

/** Stores a silence from now for the duration; UserError naming the flag when a matcher or the duration is bad. */
export async function addSilence(app: AppContext, request: SilenceRequest, now = new Date()): Promise<Silence> {
  return withStore(app, {}, async (store) => {
    const matchers = parseMatchers(request.match);
    const length = request.duration ? ms(request.duration as ms.StringValue) : undefined;
    if (typeof length !== 'number' || !(length > 0))
      throw new UserError(
        `--for needs a duration such as 2h or 30m${request.duration ? `, got "${request.duration}"` : ''}`,
        'e.g. --for 2h',
      );
    const silence = {
      matchers,
      startsAt: now,
      endsAt: new Date(now.getTime() + length),
      comment: request.comment ?? '',
    };
    return { id: await store.silences.add(silence, now), ...silence };
  });
}

/** The silences active now, oldest first. */
export async function listSilences(app: AppContext, now = new Date()): Promise<Silence[]> {
  return withStore(app, { readOnly: true }, async (store) => {
    return await store.silences.active(now);
  });
}

/** Ends a silence now; false when no active silence has the id. */
export async function expireSilence(app: AppContext, id: number, now = new Date()): Promise<boolean> {
  return withStore(app, {}, async (store) => {
    return await store.silences.expire(id, now);
  });
}
