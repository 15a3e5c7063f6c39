import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, sign, type KeyLike } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnsVerifier } from './sns-verifier.js';

// Messages the tests sign themselves with a fresh certificate, for what the recorded fixtures
// lack: confirmations, and a certificate that is valid today (so the validity check stays on).
// Node cannot create certificates, so the openssl command does.
const hasOpenssl = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
if (!hasOpenssl) console.warn('SNS self-signed tests skipped: the openssl command is not on PATH');

const certUrl = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0000.pem';
const topic = 'arn:aws:sns:eu-west-1:123456789012:alerts';
let dir = '';
const files = { rsa: { key: '', cert: '' }, ec: { key: '', cert: '' } };

function makeCertificate(name: 'rsa' | 'ec', keyArgs: string[]) {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      ...keyArgs,
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=sns.amazonaws.com',
    ],
    { stdio: 'ignore' },
  );
  files[name] = { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
}

beforeAll(() => {
  if (!hasOpenssl) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-sns-'));
  makeCertificate('rsa', ['-newkey', 'rsa:2048']);
  makeCertificate('ec', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']);
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** A confirmation message signed the way SNS documents it, string-to-sign written out by hand. */
function confirmation(type: string, version: '1' | '2', key: KeyLike = files.rsa.key) {
  const fields = {
    Message:
      `You have chosen to subscribe to the topic ${topic}.\n` +
      'To confirm the subscription, visit the SubscribeURL included in this message.',
    MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b',
    SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topic}&Token=2336412f37`,
    Timestamp: '2026-03-04T05:06:07.890Z',
    Token: '2336412f37',
    TopicArn: topic,
    Type: type,
  };
  const text = Object.entries(fields)
    .map(([name, value]) => `${name}\n${value}\n`)
    .join('');
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text, 'utf8'), key).toString('base64');
  return { ...fields, SignatureVersion: version, Signature: signature, SigningCertURL: certUrl };
}

const verifier = (cert = () => files.rsa.cert, now?: () => Date) =>
  createSnsVerifier({ fetchCertificate: async () => cert(), ...(now ? { now } : {}) });

describe.skipIf(!hasOpenssl)('SNS confirmations signed with a current certificate', () => {
  it.each([
    ['SubscriptionConfirmation', '1'],
    ['SubscriptionConfirmation', '2'],
    ['UnsubscribeConfirmation', '1'],
    ['UnsubscribeConfirmation', '2'],
  ] as const)('verifies a %s with SignatureVersion %s, validity check on', async (type, version) => {
    expect(await verifier().verify(confirmation(type, version))).toEqual({ ok: true });
  });

  it.each(['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn'] as const)(
    'rejects a confirmation whose %s changed',
    async (name) => {
      const message = confirmation('SubscriptionConfirmation', '2');
      expect(await verifier().verify({ ...message, [name]: `${message[name]}x` })).toEqual({
        ok: false,
        reason: 'signature does not match',
      });
    },
  );

  it('rejects a type swapped between the two confirmation kinds', async () => {
    const message = confirmation('SubscriptionConfirmation', '1');
    expect(await verifier().verify({ ...message, Type: 'UnsubscribeConfirmation' })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
  });

  it('rejects a message signed by another RSA key than the certificate holds', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = confirmation('SubscriptionConfirmation', '2', privateKey);
    expect(await verifier().verify(forged)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a certificate with a non-RSA key, even when the signature matches it', async () => {
    const message = confirmation('SubscriptionConfirmation', '2', files.ec.key);
    expect(await verifier(() => files.ec.cert).verify(message)).toEqual({
      ok: false,
      reason: 'signing certificate does not hold an RSA key',
    });
  });

  it('refuses a certificate before its validity period', async () => {
    const result = await verifier(undefined, () => new Date('2020-01-01T00:00:00Z')).verify(
      confirmation('SubscriptionConfirmation', '1'),
    );
    expect(result.ok ? '' : result.reason).toMatch(/^signing certificate is not valid until \d{4}-\d\d-\d\d$/);
  });

  it('reports a download that is not a certificate', async () => {
    const result = await verifier(() => '<html>404</html>').verify(confirmation('SubscriptionConfirmation', '1'));
    expect(result.ok ? '' : result.reason).toMatch(/^could not get the SNS signing certificate: /);
  });
});
