import type { WakeMessage } from './types.js';

/** Titles come from alert payloads and can be any length; every channel cuts them to this. */
export const MAX_TITLE_CHARS = 200;

/**
 * Collapses whitespace (titles may carry newlines, which break HTTP headers and SMS layout)
 * and cuts the text to `max` characters, ending with "…" when cut.
 */
export function clip(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}

/** "3 alerts", "1 alert". */
export function alertCount(message: WakeMessage): string {
  return `${message.alertCount} ${message.alertCount === 1 ? 'alert' : 'alerts'}`;
}

/** "3 alerts since 02:14 UTC": UTC because the person may be anywhere, and the digest uses it too. */
export function alertsSince(message: WakeMessage): string {
  return `${alertCount(message)} since ${message.firstSeen.toISOString().slice(11, 16)} UTC`;
}

/** The service name, on one line and cut short. */
export function serviceOf(message: WakeMessage): string {
  return clip(message.service, 80);
}

/** The group's title, on one line and cut to MAX_TITLE_CHARS. */
export function titleOf(message: WakeMessage): string {
  return clip(message.title, MAX_TITLE_CHARS);
}

/** "api: 5xx above 20%", as every channel names the group. */
export function subjectOf(message: WakeMessage): string {
  return `${serviceOf(message)}: ${titleOf(message)}`;
}

/**
 * The one-line summary every text channel leads with, without the "[soloops]" prefix:
 * "CRITICAL api: 5xx above 20%", "WARNING …", "RESOLVED …", or for `watch test-wake`
 * "test: Smart Wake reaches you by {via}".
 */
export function headline(message: WakeMessage, via: string): string {
  switch (message.kind) {
    case 'wake':
      return `CRITICAL ${subjectOf(message)}`;
    case 'warning':
      return `WARNING ${subjectOf(message)}`;
    case 'resolved':
      return `RESOLVED ${subjectOf(message)}`;
    case 'test':
      return `test: Smart Wake reaches you by ${via}`;
  }
}

/** Whether the message reports a live group, so its alert count matters. */
export function isLive(message: WakeMessage): boolean {
  return message.kind === 'wake' || message.kind === 'warning';
}

/** What the person should do: acknowledge a wake (or a test), look at a warning by day, nothing once resolved. */
export function nextStep(message: WakeMessage): string {
  switch (message.kind) {
    case 'wake':
    case 'test':
      return message.ackHint;
    case 'warning':
      return 'Look at it today.';
    case 'resolved':
      return 'No action needed.';
  }
}

/** What follows the headline: "3 alerts since 02:14 UTC. {nextStep}", or just the next step. */
export function detail(message: WakeMessage): string {
  return isLive(message) ? `${alertsSince(message)}. ${nextStep(message)}` : nextStep(message);
}

/** The facts a rich channel (email, Slack, Discord) lists under the headline, as label and value. */
export function factsOf(message: WakeMessage): Array<[label: string, value: string]> {
  if (message.kind === 'test') return [];
  const facts: Array<[string, string]> = [
    ['Service', serviceOf(message)],
    ['Alert', titleOf(message)],
    ['Group', String(message.groupId)],
  ];
  if (isLive(message)) facts.push(['Count', alertsSince(message)]);
  return facts;
}
