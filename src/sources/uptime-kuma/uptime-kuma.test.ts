import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { detectSource, newParseContext } from '../index.js';
import { uptimeKuma } from './uptime-kuma.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));

/** Shaped after Uptime Kuma's webhook provider body: `{heartbeat, monitor, msg}` (JSON content type). */
function notice(status: number, heartbeatMsg: string, monitor: Record<string, unknown> = {}): Record<string, unknown> {
  const name = (monitor.name as string | undefined) ?? 'Checkout API';
  return {
    heartbeat: {
      monitorID: monitor.id ?? 29,
      status,
      time: '2026-11-22 03:04:05.527',
      msg: heartbeatMsg,
      important: true,
      duration: 61,
      timezone: 'Europe/Berlin',
      timezoneOffset: '+01:00',
      localDateTime: '2026-11-22 04:04:05',
    },
    monitor: {
      id: 29,
      name,
      description: null,
      pathName: name,
      url: 'https://api.example.com/health',
      method: 'GET',
      hostname: null,
      port: null,
      type: 'http',
      interval: 60,
      active: true,
      tags: [{ tag_id: 1, monitor_id: 29, name: 'env', value: 'prod', color: '#059669' }],
      ...monitor,
    },
    msg: `[${name}] [${status === 0 ? '🔴 Down' : '✅ Up'}] ${heartbeatMsg}`,
  };
}

describe('uptime-kuma', () => {
  it('reads a down notice as a critical-hinted firing alert about the monitor', () => {
    const payload = notice(0, 'timeout of 48000ms exceeded');
    expect(detectSource(payload)?.name).toBe('uptime-kuma');
    const [alert, ...more] = uptimeKuma.parse(payload, context);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({
      source: 'uptime-kuma',
      service: 'Checkout API',
      title: 'Checkout API is down: timeout of 48000ms exceeded',
      body: '[Checkout API] [🔴 Down] timeout of 48000ms exceeded',
      status: 'firing',
      severityHint: 'critical',
      severityText: 'down',
      labels: { env: 'prod', monitor: 'Checkout API', monitor_type: 'http', url: 'https://api.example.com/health' },
      raw: payload,
    });
  });

  it('gives the up notice the fingerprint of the down notice it resolves', () => {
    const down = uptimeKuma.parse(notice(0, 'connect ECONNREFUSED 10.0.0.5:443'), context)[0];
    const downAgain = uptimeKuma.parse(notice(0, 'timeout of 48000ms exceeded'), context)[0];
    const up = uptimeKuma.parse(notice(1, '200 - OK'), context)[0];
    expect(up).toMatchObject({ status: 'resolved', severityHint: 'info', severityText: 'up' });
    expect(downAgain?.fingerprint).toBe(down?.fingerprint);
    expect(up?.fingerprint).toBe(down?.fingerprint);
  });

  it('keeps monitors whose ids differ only in digits apart', () => {
    const a = uptimeKuma.parse(notice(0, 'down', { id: 12 }), context)[0];
    const b = uptimeKuma.parse(notice(0, 'down', { id: 13 }), context)[0];
    expect(a?.fingerprint).not.toBe(b?.fingerprint);
  });

  it.each([
    [2, 'firing', 'warning', 'pending'],
    [3, 'resolved', 'info', 'maintenance'],
  ])('maps heartbeat status %i to %s with hint %s', (status, expected, hint, word) => {
    const alert = uptimeKuma.parse(notice(status, 'x'), context)[0];
    expect(alert).toMatchObject({ status: expected, severityHint: hint, severityText: word });
  });

  it('leaves the hint empty for a status it does not know', () => {
    const alert = uptimeKuma.parse(notice(9, 'x'), context)[0];
    expect(alert).toMatchObject({ status: 'firing', severityHint: null, title: 'Checkout API is reporting: x' });
  });

  it('does not label the placeholder url of monitors that have none', () => {
    const alert = uptimeKuma.parse(
      notice(0, 'ping timeout', { type: 'ping', url: 'https://', hostname: 'db-1', tags: [] }),
      context,
    )[0];
    expect(alert?.labels).toEqual({ monitor: 'Checkout API', monitor_type: 'ping', hostname: 'db-1' });
  });

  it('reads the test notification (no heartbeat, no monitor) as one info alert', () => {
    const payload = { heartbeat: null, monitor: null, msg: 'My Webhook Testing' };
    expect(detectSource(payload)?.name).toBe('uptime-kuma');
    const alerts = uptimeKuma.parse(payload, context);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      service: 'uptime-kuma',
      title: 'My Webhook Testing',
      status: 'firing',
      severityHint: 'info',
    });
  });

  it('reads the certificate-expiry notice as a warning about that monitor', () => {
    const notice = (days: number) => ({
      heartbeat: null,
      monitor: null,
      msg: `[Shop][https://shop.example.com] Certificate will be expired in ${days} days`,
    });
    const [in14] = uptimeKuma.parse(notice(14), context);
    const [in7] = uptimeKuma.parse(notice(7), context);
    expect(in14).toMatchObject({
      service: 'Shop',
      severityHint: 'warning',
      labels: { monitor: 'Shop', url: 'https://shop.example.com' },
    });
    expect(in7?.fingerprint).toBe(in14?.fingerprint);
  });

  it('rejects a body with neither a monitor nor a message', () => {
    expect(() => uptimeKuma.parse({ heartbeat: null, monitor: null, msg: '' }, context)).toThrow(UserError);
    expect(() => uptimeKuma.parse('down', context)).toThrow(UserError);
    expect(uptimeKuma.detect({ heartbeat: {}, msg: 'x' })).toBe(false);
  });
});
