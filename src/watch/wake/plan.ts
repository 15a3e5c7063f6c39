import type { LadderStep, StepChannel } from '../../core/wake.js';

/** The ladder's shape, from config (`wake:`), with the channels that are configured. */
export interface LadderSettings {
  calls: number;
  callIntervalMs: number;
  sms: boolean;
  fallbacks: StepChannel[];
  available: ReadonlySet<StepChannel>;
}

/**
 * The steps of a new ladder: call now and again every interval, then (one interval after the
 * last call) the SMS and every fallback channel in order. A channel that is not configured is
 * left out; with no Twilio at all the fallbacks go first, at once.
 */
export function planLadder(settings: LadderSettings, start: Date): LadderStep[] {
  const steps: LadderStep[] = [];
  const at = (ms: number) => new Date(start.getTime() + ms);
  const calls = settings.available.has('call') ? settings.calls : 0;
  for (let i = 0; i < calls; i++) steps.push({ channel: 'call', at: at(i * settings.callIntervalMs) });
  const after = at(calls * settings.callIntervalMs);
  if (settings.sms && settings.available.has('sms')) steps.push({ channel: 'sms', at: after });
  for (const channel of settings.fallbacks)
    if (settings.available.has(channel)) steps.push({ channel, at: steps.length ? after : start });
  return steps;
}

/** What the whole ladder costs if nobody answers: every call rings its full minute, every SMS one segment. */
export function worstCaseCost(
  steps: LadderStep[],
  prices: { callMinute: number; sms: number },
  ringMinutes = 1,
): number {
  let cost = 0;
  for (const step of steps)
    cost += step.channel === 'call' ? prices.callMinute * ringMinutes : step.channel === 'sms' ? prices.sms : 0;
  return Math.round(cost * 10_000) / 10_000;
}
