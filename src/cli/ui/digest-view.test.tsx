import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { Digest } from '../../core/digest.js';
import { nightDigest } from '../../../test/helpers/digest-fixture.js';
import type { FeedbackHandler } from './digest-view.js';

// Colour support is decided when chalk loads; force it so a frame shows whether the view asked
// for colour, whatever terminal runs the tests. Hence the dynamic imports after this line.
process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { DigestView } = await import('./digest-view.js');

const KEY = { up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003' };
/** How long a key may take to show; only a key with no visible effect waits this long. */
const KEY_SETTLE_LIMIT_MS = 400;
const COLOUR_CODE = /\u001b\[(3\dm|2m|7m)/;

/** Renders the view; `press` types keys one at a time, letting ink and React settle after each. */
function mount(
  digest: Digest,
  options: { color?: boolean; onFeedback?: FeedbackHandler; onInterrupt?: () => void } = {},
) {
  const onFeedback = vi.fn<FeedbackHandler>(options.onFeedback ?? (async () => 'recorded'));
  const view = render(
    <DigestView
      digest={digest}
      color={options.color ?? false}
      onFeedback={onFeedback}
      onInterrupt={options.onInterrupt}
    />,
  );
  // After each key, wait for the frame it causes before the next key, so a slow machine cannot
  // deliver a key to the screen before it. A key that changes nothing visible waits out the bound.
  const press = async (...keys: string[]) => {
    for (const key of keys) {
      const before = view.frames.length;
      view.stdin.write(key);
      for (const started = Date.now(); view.frames.length === before && Date.now() - started < KEY_SETTLE_LIMIT_MS; )
        await new Promise((resolve) => setTimeout(resolve, 5));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  // ink stops reading keys once the app exits.
  const exited = () => view.stdin.listenerCount('readable') === 0;
  return { ...view, press, onFeedback, exited, frame: () => plain(view.lastFrame() ?? '') };
}

describe('DigestView', () => {
  it('shows the header, then every alert type with the one that woke you marked', () => {
    const view = mount(nightDigest());
    const frame = view.frame();
    view.unmount();
    expect(frame).toContain('soloops digest · Night of 22 Nov, 23:00–08:00 Asia/Seoul');
    expect(frame).toContain('47 alerts · 1 woke you · 2 waited · this month: 4 calls, 3 SMS, $0.1532');
    expect(frame).toContain('5 alert types');
    expect(frame).toMatch(/› warning {2}api: 5xx rate above 2% on api-gateway {2}×20 {2}#20/);
    expect(frame).toMatch(/critical WOKE YOU payments: Payment failures: card charges failing {2}×1 {2}#12/);
    for (const title of [
      'Replication lag on db-1',
      'Stripe webhook retries',
      '<script>alert(1)</script> in checkout page',
    ])
      expect(frame).toContain(title);
  });

  it('says "would have woken you (no channel configured)" where no channel carried the wake', async () => {
    const digest = nightDigest();
    const payments = digest.services.flatMap((s) => s.groups).find((g) => g.woke)!;
    payments.woke = { ...payments.woke!, calls: 0, sms: 0, ackedAt: null, ackedVia: null, outcome: 'no-channel' };
    digest.totals = { ...digest.totals, woke: 0, wouldHaveWoken: 1 };
    const view = mount(digest);
    const list = view.frame();
    await view.press(KEY.down, KEY.down, KEY.down, KEY.down, KEY.enter);
    const opened = view.frame();
    view.unmount();
    expect(list).toContain('47 alerts · 0 woke you · 1 would have woken you (no channel configured) · 2 waited');
    expect(list).toMatch(/critical WOULD HAVE WOKEN YOU payments: Payment failures/);
    expect(list).not.toContain('WOKE YOU payments');
    expect(opened).toMatch(/#12 CRITICAL payments/);
    expect(opened).toContain('would have woken you (no channel configured) 03:10 · not acknowledged');
  });

  it('Enter opens a type: its summary, pattern and alerts, one at a time; Esc goes back', async () => {
    const view = mount(nightDigest());
    await view.press(KEY.enter);
    let frame = view.frame();
    expect(frame).toMatch(/#20 WARNING api: 5xx rate above 2% on api-gateway/);
    expect(frame).toContain('5xx rate above 2% on api-gateway: 20 alerts.');
    expect(frame).toContain('alert 1 of 20');
    expect(frame).toMatch(/23 Nov 01:00:00 Asia\/Seoul {2}grafana {2}firing {2}warning/);
    expect(frame).toContain('env=prod');
    expect(frame).toContain('| 5xx rate above 2% (#1)');
    await view.press(KEY.down, 'j');
    expect(view.frame()).toContain('| 5xx rate above 2% (#3)');

    // Backspace too; then the fourth type, which fires every night, and the fifth, with a link.
    await view.press(KEY.backspace, KEY.down, KEY.down, 'j', KEY.enter);
    frame = view.frame();
    expect(frame).toContain('fires often: fired on 6 of the last 7 nights');
    expect(frame).toContain("soloops triage rules add --match 'title~Stripe webhook retried' --severity info");
    await view.press(KEY.escape, KEY.down, KEY.enter);
    frame = view.frame();
    expect(frame).toContain('woke you 03:10 · 2 calls, 1 SMS · acknowledged 03:12 by call');
    expect(frame).toContain('https://sentry.example.com/organizations/acme/issues/4211/');
    expect(frame).toContain('env=prod  region=ap-northeast-2');
    await view.press(KEY.escape);
    expect(view.frame()).toMatch(/› critical WOKE YOU payments/);
    view.unmount();
  });

  it('w then 3 records "wrong, info" for the open alert and shows what was recorded', async () => {
    const digest = nightDigest();
    const view = mount(digest, {
      onFeedback: async (id, verdict, severity) => `recorded ${id.slice(0, 8)} ${verdict} ${severity}`,
    });
    await view.press(KEY.enter, KEY.down, 'w');
    expect(view.frame()).toContain('the right severity? 1 critical · 2 warning · 3 info · Esc cancels');
    await view.press('3');
    const id = digest.services[0]!.groups[0]!.alerts[1]!.id;
    expect(view.onFeedback).toHaveBeenCalledExactlyOnceWith(id, 'wrong', 'info');
    expect(view.frame()).toContain(`recorded ${id.slice(0, 8)} wrong info`);
    expect(view.frame()).not.toContain('the right severity?');
    view.unmount();
  });

  it('c records "correct"; a failed record shows its error; Esc cancels a pending "wrong"', async () => {
    const digest = nightDigest();
    const view = mount(digest, {
      onFeedback: async () => Promise.reject(new Error('no stored alert has the id 0b5e')),
    });
    await view.press(KEY.enter, 'c');
    expect(view.onFeedback).toHaveBeenCalledExactlyOnceWith(
      digest.services[0]!.groups[0]!.alerts[0]!.id,
      'correct',
      undefined,
    );
    expect(view.frame()).toContain('no stored alert has the id 0b5e');
    await view.press('w', KEY.escape, '3');
    expect(view.onFeedback).toHaveBeenCalledTimes(1);
    expect(view.frame()).not.toContain('the right severity?');
    view.unmount();
  });

  it('q quits; Ctrl-C quits and reports the interrupt', async () => {
    const quit = mount(nightDigest(), { onInterrupt: vi.fn() });
    await quit.press(KEY.enter, 'q');
    expect(quit.exited()).toBe(true);
    const onInterrupt = vi.fn();
    const interrupted = mount(nightDigest(), { onInterrupt });
    expect(interrupted.exited()).toBe(false);
    await interrupted.press(KEY.ctrlC);
    expect(interrupted.exited()).toBe(true);
    expect(onInterrupt).toHaveBeenCalledOnce();
  });

  it('colours severities, and writes no colour codes when colour is off', async () => {
    const coloured = mount(nightDigest(), { color: true });
    const uncoloured = mount(nightDigest(), { color: false });
    await Promise.all([coloured.press(KEY.enter), uncoloured.press(KEY.enter)]);
    expect(coloured.lastFrame()).toMatch(COLOUR_CODE);
    expect(uncoloured.lastFrame()).not.toMatch(COLOUR_CODE);
    await uncoloured.press(KEY.escape, KEY.down, KEY.down, KEY.down, KEY.down);
    expect(uncoloured.lastFrame()).not.toMatch(COLOUR_CODE);
    coloured.unmount();
    uncoloured.unmount();
  });

  it('keeps a list of 100 types within the terminal, scrolling with the cursor', async () => {
    const night = nightDigest();
    const template = night.services[0]!.groups[0]!;
    const groups = Array.from({ length: 100 }, (_, i) => ({
      ...template,
      groupId: 1000 + i,
      title: `type number ${i}`,
    }));
    const view = mount({ ...night, services: [{ service: 'api', count: 100, groups }] });
    // The testing terminal reports no height, so the view assumes 24 lines.
    const lines = () => view.frame().split('\n').length;
    expect(lines()).toBeLessThan(24);
    expect(view.frame()).toMatch(/↓ \d+ more/);
    await view.press(...Array<string>(60).fill(KEY.down));
    expect(lines()).toBeLessThan(24);
    expect(view.frame()).toMatch(/› warning {2}api: type number 60 /);
    expect(view.frame()).toMatch(/↑ \d+ more/);
    expect(view.frame()).not.toContain('type number 0 ');
    view.unmount();
  });
});
