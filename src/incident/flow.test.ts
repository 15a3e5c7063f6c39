import { describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { INCIDENT_STATUSES } from '../core/incident.js';
import {
  TRANSITIONS,
  checkTransition,
  classifyPriority,
  formatDuration,
  parsePriority,
  parseSeverity,
  parseStatus,
  requireNote,
  resolutionMs,
} from './flow.js';

function refusal(work: () => unknown): UserError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a UserError');
}

describe('the incident status flow', () => {
  it('allows forward moves with skips and re-opening, nothing else', () => {
    const allowed: string[] = [];
    for (const from of INCIDENT_STATUSES)
      for (const to of INCIDENT_STATUSES) {
        try {
          checkTransition(from, to);
          allowed.push(`${from}→${to}`);
        } catch {}
      }
    expect(allowed).toEqual([
      'investigating→identified',
      'investigating→monitoring',
      'investigating→resolved',
      'identified→monitoring',
      'identified→resolved',
      'monitoring→resolved',
      'resolved→investigating',
    ]);
  });

  it('names the allowed next statuses when it refuses', () => {
    const error = refusal(() => checkTransition('monitoring', 'identified'));
    expect(error.message).toBe('an incident that is monitoring cannot become identified');
    expect(error.hint).toBe('from monitoring it can become: resolved');
    expect(refusal(() => checkTransition('resolved', 'monitoring')).hint).toContain(TRANSITIONS.resolved.join(', '));
  });

  it('refuses a change without a note, and trims the note', () => {
    expect(refusal(() => requireNote(undefined)).hint).toContain('--note');
    expect(refusal(() => requireNote('   ')).message).toBe('a status change needs a note');
    expect(requireNote('  rolled back  ')).toBe('rolled back');
  });

  it('parses statuses, severities and priorities, naming the allowed ones otherwise', () => {
    expect(parseStatus('Resolved')).toBe('resolved');
    expect(parseSeverity('HIGH')).toBe('high');
    expect(parsePriority('p2')).toBe('P2');
    expect(refusal(() => parseStatus('fixed')).hint).toBe(
      'use one of: investigating, identified, monitoring, resolved',
    );
    expect(refusal(() => parseSeverity('urgent')).hint).toBe('use one of: low, medium, high, critical');
    expect(refusal(() => parsePriority('P0')).hint).toBe('use one of: P1, P2, P3');
  });
});

describe('priority classification', () => {
  it('is P1 for critical severity or three services or more, P2 for high, P3 otherwise', () => {
    expect(classifyPriority('critical', [])).toBe('P1');
    expect(classifyPriority('low', ['api', 'web', 'db'])).toBe('P1');
    expect(classifyPriority('high', ['api', 'web'])).toBe('P2');
    expect(classifyPriority('medium', ['api'])).toBe('P3');
    expect(classifyPriority('low', [])).toBe('P3');
  });
});

describe('resolution time', () => {
  it('is resolved − created, null while open', () => {
    const createdAt = new Date('2026-11-03T10:00:00Z');
    expect(resolutionMs({ createdAt, resolvedAt: null })).toBeNull();
    expect(resolutionMs({ createdAt, resolvedAt: new Date('2026-11-03T13:58:00Z') })).toBe(238 * 60_000);
  });

  it('reads as days, hours and minutes', () => {
    expect(formatDuration(238 * 60_000)).toBe('3h 58m');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(2 * 86_400_000 + 60_000)).toBe('2d 1m');
    expect(formatDuration(3_600_000)).toBe('1h');
  });
});
