import pino from 'pino';
import type { StepChannel } from '../../core/wake.js';
import type { AlertGroup } from '../../core/watch.js';
import { UserError } from '../../core/errors.js';
import { FALLBACK_CHANNELS, unitOf } from '../../notify/registry.js';
import { planLadder, worstCaseCost } from '../../watch/wake/plan.js';
import type { AppContext } from '../context.js';
import { createWake } from './wake.js';

/** What `soloops watch test-wake` found. */
export interface WakeTestReport {
  steps: Array<{ channel: StepChannel; afterSeconds: number }>;
  results: Array<{ channel: StepChannel; ok: boolean; error?: string }>;
  worstCaseUsd: number;
}

/**
 * Sends one test message through every configured channel, in ladder order (a real call and SMS
 * when Twilio is set up), records each attempt, and prices the ladder if nobody ever answers.
 */
export async function testWake(app: AppContext, logStream: NodeJS.WritableStream): Promise<WakeTestReport> {
  const store = await app.openStore();
  try {
    const log = pino({ level: 'warn', base: { name: 'soloops-test-wake' } }, logStream);
    const wake = await createWake(app.config, store, log, { env: app.env, baseDir: app.configDir });
    if (wake.configured.length === 0) {
      const fallbackSections = FALLBACK_CHANNELS.map((channel) => `wake.${unitOf(channel).section}`).join(', ');
      throw new UserError(
        'no wake channel is configured',
        `add wake.twilio (calls and SMS) and/or ${fallbackSections} to soloops.yaml`,
      );
    }
    const start = new Date();
    const plan = planLadder(wake.settings, start);
    // Group 0 is no real group: the attempts are kept (and counted in the month's spend) under it.
    const group: AlertGroup = {
      id: 0,
      key: 'soloops-test-wake',
      service: 'soloops',
      title: 'test of Smart Wake',
      severity: 'critical',
      state: 'open',
      firstSeen: start,
      lastSeen: start,
      alertCount: 1,
      lastAlertId: '',
      resolvedAt: null,
      routedAt: null,
      routedCount: 0,
      routedSeverity: null,
    };
    const results: WakeTestReport['results'] = [];
    for (const channel of new Set(plan.map((s) => s.channel))) {
      const ok = await wake.ladder.message(group, channel, 'test');
      const last = (await store.wake.attemptsOf(0)).filter((a) => a.channel === channel).at(-1);
      results.push({ channel, ok, ...(ok ? {} : { error: last?.error ?? 'failed' }) });
    }
    const { prices } = app.config.wake;
    return {
      steps: plan.map((s) => ({
        channel: s.channel,
        afterSeconds: Math.round((s.at.getTime() - start.getTime()) / 1000),
      })),
      results,
      worstCaseUsd: worstCaseCost(plan, { callMinute: prices.call_minute, sms: prices.sms }),
    };
  } finally {
    await store.close();
  }
}
