import { execFileSync, spawnSync } from 'node:child_process';
import { sign } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSnsVerifier } from '../../src/sources/cloudwatch/sns-verifier.js';
import { redactUrl } from '../../src/watch/http/server.js';
import { makeSandbox, runCli } from '../helpers/cli.js';
import { post, startDaemon, type InProcessDaemon } from '../helpers/watch-inprocess.js';

// Issue 13, items 1, 4, 7 and the ack endpoint: a hostile sender against the in-process daemon
// on loopback, with SNS messages signed by a certificate the test makes (openssl) and serves
// to the real verifier in place of the download from AWS.

const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasOpenssl) console.warn('watch auth hardening: SNS tests skipped, the openssl command is not on PATH');

const TOKEN = 'webhook-token-1f8b2c';
const certUrl = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem';
let certDir = '';
let key = '';
let cert = '';

beforeAll(() => {
  if (!hasOpenssl) return;
  certDir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-sns-e2e-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(certDir, 'k.pem'),
      '-out',
      path.join(certDir, 'c.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=sns.amazonaws.com',
    ],
    { stdio: 'ignore' },
  );
  key = fs.readFileSync(path.join(certDir, 'k.pem'), 'utf8');
  cert = fs.readFileSync(path.join(certDir, 'c.pem'), 'utf8');
});
afterAll(() => {
  if (certDir) fs.rmSync(certDir, { recursive: true, force: true });
});

const daemons: InProcessDaemon[] = [];
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((d) => d.stop()));
});
async function daemon(config: string, options: Parameters<typeof startDaemon>[1] = {}) {
  const d = await startDaemon(config, { env: { SOLOOPS_WEBHOOK_TOKEN: TOKEN }, ...options });
  daemons.push(d);
  return d;
}
const count = (d: InProcessDaemon, like: string) =>
  d.query<{ n: number }>(
    'SELECT (SELECT count(*) FROM alerts WHERE title LIKE ?) + (SELECT count(*) FROM inbox WHERE alert LIKE ?) AS n',
    `%${like}%`,
    `%${like}%`,
  )[0]!.n;

/** A CloudWatch alarm notification signed as SNS signs it (SignatureVersion 2), published `minutesAgo`. */
function signedAlarm(minutesAgo = 0) {
  const alarm = {
    AlarmName: 'api-5xx-high',
    NewStateValue: 'ALARM',
    NewStateReason: 'Threshold Crossed',
    StateChangeTime: new Date().toISOString(),
    Region: 'EU (Ireland)',
    Trigger: { MetricName: '5XXError', Namespace: 'AWS/ApiGateway' },
  };
  const fields = {
    Message: JSON.stringify(alarm),
    MessageId: '0b5c0d2e-7f0e-4c54-9a8e-2b8f1c9d7a11',
    Subject: 'ALARM: "api-5xx-high" in EU (Ireland)',
    Timestamp: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
    TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts',
    Type: 'Notification',
  };
  const text = Object.entries(fields)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
  return {
    ...fields,
    SignatureVersion: '2',
    Signature: sign('sha256', Buffer.from(text, 'utf8'), key).toString('base64'),
    SigningCertURL: certUrl,
    UnsubscribeURL: 'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe',
  };
}
const forged = { title: 'FORGED: production database deleted', severity: 'critical', service: 'db' };

describe.skipIf(!hasOpenssl)('a signed SNS message cannot carry a forged alert', () => {
  const config =
    'watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n    cloudwatch: {sns: {verify: true}}\n';
  const snsVerifier = () =>
    createSnsVerifier({
      fetchCertificate: async (url) => (url === certUrl ? cert : Promise.reject(new Error('unexpected download'))),
    });

  it('accepts the genuine message alone', async () => {
    const d = await daemon(config, { snsVerifier: snsVerifier() });
    const { status, json } = await post(`${d.url}/v1/alerts`, signedAlarm(), { 'content-type': 'text/plain' });
    expect(status, JSON.stringify(json)).toBe(202);
  });

  it('a forged payload riding along (array or NDJSON, either path): the whole body is 401, none stored', async () => {
    const d = await daemon(config, { snsVerifier: snsVerifier() });
    const bodies = [
      JSON.stringify([signedAlarm(), forged]),
      `${JSON.stringify(signedAlarm())}\n${JSON.stringify(forged)}\n`,
    ];
    for (const body of bodies) {
      for (const route of ['/v1/alerts', '/v1/alerts/cloudwatch']) {
        const { status } = await post(`${d.url}${route}`, body, { 'content-type': 'text/plain' });
        expect(status, route).toBe(401);
      }
    }
    expect(count(d, 'FORGED')).toBe(0);
    expect(count(d, 'api-5xx-high')).toBe(0);
  });

  it('refuses a captured message replayed after the window (default 1 h; sns.max_age sets it)', async () => {
    const d = await daemon(config, { snsVerifier: snsVerifier() });
    expect((await post(`${d.url}/v1/alerts`, signedAlarm(61))).status).toBe(401);
    expect((await post(`${d.url}/v1/alerts`, signedAlarm(59))).status).toBe(202);
    const short = await daemon(config.replace('sns: {verify: true}', 'sns: {verify: true, max_age: 5m}'), {
      snsVerifier: snsVerifier(),
    });
    const late = await post(`${short.url}/v1/alerts`, signedAlarm(6));
    expect(late.status).toBe(401);
    expect(late.json.error).toMatch(/older than 5 min/);
  });
});

describe('listening beyond loopback: one rule for the bind check and the requests', () => {
  it.each([
    ['generic: {}', 'generic'],
    ['cloudwatch: {sns: {verify: false}}', 'cloudwatch'],
  ])('refuses to listen on 0.0.0.0 with a default token plus %s (that entry replaces default)', async (entry, open) => {
    const config = `watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n    ${entry}\n`;
    await expect(daemon(config, { host: '0.0.0.0' })).rejects.toThrow(
      new RegExp(`refusing to listen on 0\\.0\\.0\\.0: ${open} would accept`),
    );
    const sandbox = makeSandbox();
    try {
      fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), config);
      const result = await runCli(['watch', '--host', '0.0.0.0', '--port', '0'], {
        sandbox,
        cwd: sandbox.dir,
        env: { SOLOOPS_WEBHOOK_TOKEN: TOKEN },
      });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(open);
    } finally {
      sandbox.cleanup();
    }
  });

  it('the request path agrees: on loopback, only the open source takes a webhook without a token', async () => {
    const d = await daemon('watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n    generic: {}\n');
    expect((await post(`${d.url}/v1/alerts/generic`, forged)).status).toBe(202);
    expect(
      (
        await post(`${d.url}/v1/alerts/uptime-kuma`, {
          heartbeat: { status: 0, msg: 'down' },
          monitor: { name: 'x' },
          msg: 'x down',
        })
      ).status,
    ).toBe(401);
  });

  it('POST /v1/ack beyond loopback without a default token: 403, even with --insecure; open on loopback', async () => {
    const wide = await daemon('', { host: '0.0.0.0', insecure: true });
    const refused = await post(`${wide.url}/v1/ack/1`, '');
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatch(/watch\.auth\.default\.token/);
    const loopback = await daemon('');
    expect((await post(`${loopback.url}/v1/ack/1`, '')).status).toBe(404);
  });

  it('POST /v1/ack beyond loopback takes the default token', async () => {
    const d = await daemon('watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n', {
      host: '0.0.0.0',
    });
    expect((await post(`${d.url}/v1/ack/1`, '')).status).toBe(401);
    expect((await post(`${d.url}/v1/ack/1`, '', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
  });
});

/** A POST with the header list exactly as given (repeats included), which fetch would merge. */
function rawPost(url: string, headers: Array<[string, string]>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // A raw header list gets no Host header added by Node; HTTP/1.1 requires one.
    const request = http.request(
      url,
      { method: 'POST', headers: [['host', new URL(url).host], ...headers].flat() },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

describe('credentials given twice, and logs', () => {
  it('a repeated token parameter or Authorization header is 401 (was 500); no log line holds the token', async () => {
    const d = await daemon('watch:\n  auth:\n    default: {token: {env: SOLOOPS_WEBHOOK_TOKEN}}\n');
    const body = JSON.stringify(forged);
    expect((await post(`${d.url}/v1/alerts?token=${TOKEN}&token=x`, forged)).status).toBe(401);
    expect((await post(`${d.url}/v1/alerts?token=x&token=${TOKEN}`, forged)).status).toBe(401);
    expect(
      await rawPost(
        `${d.url}/v1/alerts`,
        [
          ['content-type', 'application/json'],
          ['authorization', `Bearer ${TOKEN}`],
          ['authorization', 'Bearer x'],
        ],
        body,
      ),
    ).toBe(401);
    expect(
      await rawPost(
        `${d.url}/v1/alerts`,
        [
          ['content-type', 'application/json'],
          ['authorization', `Bearer ${TOKEN}`],
        ],
        body,
      ),
    ).toBe(202);
    expect((await post(`${d.url}/v1/ack/1?token=${TOKEN}&token=${TOKEN}`, '')).status).toBe(401);
    expect(count(d, 'FORGED')).toBe(1);
    expect(d.logs().join('\n')).not.toContain(TOKEN);
  });

  it('redactUrl hides token and sig values in any logged URL', () => {
    expect(redactUrl(`/v1/alerts?token=${TOKEN}&x=1&TOKEN=y&sig=abc#f`)).toBe(
      '/v1/alerts?token=[redacted]&x=1&TOKEN=[redacted]&sig=[redacted]#f',
    );
    expect(redactUrl('/v1/alerts/sentry')).toBe('/v1/alerts/sentry');
  });
});
