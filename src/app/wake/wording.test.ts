import { describe, expect, it } from 'vitest';
import { configSchema } from '../config-schema.js';
import { noWakeChannelNotice, WOKE_YOU, WOULD_HAVE_WOKEN_YOU, wakeOutcomeOf, wakeWords } from './wording.js';

const wakeOf = (wake: unknown) => configSchema.parse({ wake }).wake;
const step = { channel: 'call' as const, at: new Date(0) };

describe('how a wake is told', () => {
  it('a ladder stored with no step woke nobody: "would have woken you (no channel configured)"', () => {
    const ladder = { state: 'ringing' as const, ackedAt: null };
    expect(wakeWords(wakeOutcomeOf({ ...ladder, steps: [] }, []))).toBe(WOULD_HAVE_WOKEN_YOU);
    expect(wakeWords(wakeOutcomeOf({ ...ladder, steps: [step] }, []))).toBe(WOKE_YOU);
    expect(WOULD_HAVE_WOKEN_YOU).toBe('would have woken you (no channel configured)');
  });

  it('a ladder whose every attempt failed, unacknowledged, did not reach the person (the digest’s rule)', () => {
    const ladder = { steps: [step], state: 'exhausted' as const, ackedAt: null };
    const failed = { kind: 'wake' as const, outcome: 'failed' as const };
    expect(wakeOutcomeOf({ ...ladder, steps: [] }, [])).toBe('no-channel');
    expect(wakeOutcomeOf(ladder, [failed])).toBe('not-reached');
    expect(wakeOutcomeOf({ ...ladder, state: 'ringing' }, [failed])).toBe('woke');
    expect(wakeOutcomeOf(ladder, [failed, { kind: 'wake', outcome: 'no-answer' }])).toBe('woke');
    expect(wakeOutcomeOf({ ...ladder, ackedAt: new Date(0) }, [failed])).toBe('woke');
    expect(wakeWords('no-channel')).toBe(WOULD_HAVE_WOKEN_YOU);
    expect(wakeWords('not-reached')).toBe('tried to wake you: every attempt failed');
    expect(wakeWords('woke')).toBe(WOKE_YOU);
  });

  it('start-up says so when no section gives the ladder a step, with the sections to add', () => {
    const none = noWakeChannelNotice(wakeOf({}));
    expect(none?.message).toMatch(/no wake channel is configured: a critical alert will wake nobody/);
    expect(none?.hint).toMatch(/wake\.twilio[\s\S]*wake\.ntfy[\s\S]*wake\.fallbacks[\s\S]*soloops init/);
    // A channel set up but not named in wake.fallbacks rings nobody either, and the hint names it.
    const unused = noWakeChannelNotice(wakeOf({ ntfy: { url: 'https://ntfy.sh/t' } }));
    expect(unused?.hint).toMatch(/wake\.ntfy is set up but not in wake\.fallbacks/);
    expect(noWakeChannelNotice(wakeOf({ ntfy: { url: 'https://ntfy.sh/t' }, fallbacks: ['ntfy'] }))).toBeNull();
    const twilio = { account_sid: { env: 'S' }, auth_token: { env: 'T' }, from: '+15550001', to: '+15550002' };
    expect(noWakeChannelNotice(wakeOf({ twilio }))).toBeNull();
    // Twilio with no calls and no SMS has nothing to ring with.
    expect(noWakeChannelNotice(wakeOf({ twilio, calls: 0, sms: false }))).not.toBeNull();
  });
});
