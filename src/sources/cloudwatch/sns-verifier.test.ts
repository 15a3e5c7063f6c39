import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  createTestCa,
  SNS_SIGNED_FIELDS,
  type SnsType,
  signSnsMessage,
  snsFields,
  snsStringToSignByHand,
  TEST_CERT_URL,
} from '../../../test/helpers/sns-test-ca.js';
import { createSnsVerifier, type SnsVerifierOptions } from './sns-verifier.js';

// Messages signed here with certificates a test CA issues here: every clone runs these, with the
// validity check on and a fixed clock. Recorded AWS-signed messages are in sns-recorded.test.ts.
const ca = createTestCa();
const leaf = ca.issue(); // valid 2026-01-01 … 2027-12-31
const expired = ca.issue({ notBefore: new Date('2024-01-01T00:00:00Z'), notAfter: new Date('2025-01-01T00:00:00Z') });
const ecLeaf = ca.issue({ keys: generateKeyPairSync('ec', { namedCurve: 'P-256' }) });
const now = () => new Date('2026-06-01T00:00:00Z');

/** A certificate fetch stubbed to serve one PEM at the test URL only (so a wrong URL fails loudly). */
function serving(pem = leaf.pem) {
  return vi.fn(async (url: string) => {
    if (url !== TEST_CERT_URL) throw new Error(`HTTP 404 for ${url}`);
    return pem;
  });
}
const verifier = (options: SnsVerifierOptions = {}) =>
  createSnsVerifier({ fetchCertificate: serving(), now, ...options });

type Message = Record<string, string>;
const signed = (type: SnsType, version: '1' | '2', extra: Record<string, string> = {}) =>
  signSnsMessage(snsFields(type, extra), version, leaf.privateKey);
const withoutSubject = (version: '1' | '2') => {
  const { Subject: _, ...fields } = snsFields('Notification');
  return signSnsMessage(fields, version, leaf.privateKey);
};
const mismatch = { ok: false, reason: 'signature does not match' };

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The text with one character replaced: the next base64 letter when it is one, else a neighbour. */
function mutate(text: string, index: number): string {
  const char = text[index]!;
  const at = alphabet.indexOf(char);
  const replacement = at >= 0 ? alphabet[(at + 1) % 64]! : String.fromCharCode(char.charCodeAt(0) ^ 1);
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

const kinds: Array<[string, (version: '1' | '2') => Message]> = [
  ['Notification with Subject', (v) => signed('Notification', v)],
  ['Notification without Subject', withoutSubject],
  ['SubscriptionConfirmation', (v) => signed('SubscriptionConfirmation', v)],
  ['UnsubscribeConfirmation', (v) => signed('UnsubscribeConfirmation', v)],
];
const cases = kinds.flatMap(([name, make]) => (['1', '2'] as const).map((v) => [name, v, make] as const));

describe('SNS signatures from a test CA', () => {
  it('issues a leaf the CA verifies, for the SNS host name, RSA', () => {
    expect(leaf.certificate.checkIssued(ca.certificate)).toBe(true);
    expect(leaf.certificate.verify(ca.certificate.publicKey)).toBe(true);
    expect(leaf.certificate.subject).toBe('CN=sns.amazonaws.com');
    expect(leaf.certificate.publicKey.asymmetricKeyType).toBe('rsa');
  });

  it.each(cases)('verifies a %s with SignatureVersion %s, validity check on', async (_, version, make) => {
    expect(await verifier().verify(make(version))).toEqual({ ok: true });
  });

  it('uses SHA1 for version 1 and SHA256 for version 2, nothing else', async () => {
    const fields = snsFields('Notification');
    const text = Buffer.from(snsStringToSignByHand(fields), 'utf8');
    const by = (digest: string, version: string) => ({
      ...fields,
      SignatureVersion: version,
      Signature: sign(digest, text, leaf.privateKey).toString('base64'),
      SigningCertURL: TEST_CERT_URL,
    });
    expect(await verifier().verify(by('sha1', '1'))).toEqual({ ok: true });
    expect(await verifier().verify(by('sha256', '2'))).toEqual({ ok: true });
    expect(await verifier().verify(by('sha256', '1'))).toEqual(mismatch);
    expect(await verifier().verify(by('sha1', '2'))).toEqual(mismatch);
    expect(await verifier().verify(by('sha512', '2'))).toEqual(mismatch);
  });

  it.each(Object.keys(SNS_SIGNED_FIELDS) as SnsType[])(
    'signs the %s fields in the documented order and no other',
    async (type) => {
      const fields = snsFields(type);
      const order = SNS_SIGNED_FIELDS[type];
      const alphabetical = [...order].sort();
      // The documented order is the alphabetical one: it is byte order, not delivery order.
      expect(order).toEqual(alphabetical);
      const reordered = [order[1]!, order[0]!, ...order.slice(2)];
      const other =
        type === 'Notification' ? SNS_SIGNED_FIELDS.SubscriptionConfirmation : SNS_SIGNED_FIELDS.Notification;
      for (const wrong of [reordered, [...order].reverse(), order.slice(0, -1), other, Object.keys(fields)]) {
        const message = signSnsMessage(fields, '2', leaf.privateKey, { order: wrong });
        expect(await verifier().verify(message), wrong.join(',')).toEqual(mismatch);
      }
    },
  );

  it.each(cases)('rejects a %s (version %s) with any character of a signed field changed', async (_, version, make) => {
    const message = make(version);
    const names = [...SNS_SIGNED_FIELDS[message.Type as SnsType], 'SignatureVersion', 'Signature'].filter(
      (name) => name in message,
    );
    const v = verifier();
    const accepted: string[] = [];
    for (const name of names) {
      const value = message[name]!;
      for (let index = 0; index < value.length; index++) {
        const result = await v.verify({ ...message, [name]: mutate(value, index) });
        if (result.ok) accepted.push(`${name}[${index}]`);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('rejects tampering that keeps every character: a Subject added or dropped, a type swapped', async () => {
    const v = verifier();
    expect(await v.verify({ ...withoutSubject('1'), Subject: 'added' })).toEqual(mismatch);
    expect(await v.verify({ ...signed('Notification', '2'), Subject: undefined })).toEqual(mismatch);
    const confirmation = signed('SubscriptionConfirmation', '1');
    expect(await v.verify({ ...confirmation, Type: 'UnsubscribeConfirmation' })).toEqual(mismatch);
    expect(await v.verify({ ...confirmation, SignatureVersion: '2' })).toEqual(mismatch);
  });

  it('says why a message is unusable before any download', async () => {
    const fetchCertificate = serving();
    const v = verifier({ fetchCertificate });
    const message = signed('Notification', '2');
    expect(await v.verify({ ...message, SignatureVersion: '3' })).toEqual({
      ok: false,
      reason: 'unsupported SNS SignatureVersion',
    });
    expect(await v.verify({ ...message, Signature: 'not base64!' })).toEqual({
      ok: false,
      reason: 'SNS Signature is missing or not base64',
    });
    expect(await v.verify({ ...message, TopicArn: undefined })).toEqual({
      ok: false,
      reason: 'SNS message has no TopicArn',
    });
    expect(await v.verify({ ...message, Type: 'SubscriptionConfirmation' })).toEqual({
      ok: false,
      reason: 'SNS message has no SubscribeURL',
    });
    expect(await v.verify([message])).toEqual({ ok: false, reason: 'SNS message is not a JSON object' });
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('rejects a message signed by another key than the certificate holds', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = signSnsMessage(snsFields('Notification'), '2', privateKey);
    expect(await verifier().verify(forged)).toEqual(mismatch);
  });

  it('refuses a certificate with a non-RSA key, even when the signature matches it', async () => {
    const fields = snsFields('SubscriptionConfirmation');
    const message = {
      ...fields,
      SignatureVersion: '2',
      Signature: sign('sha256', Buffer.from(snsStringToSignByHand(fields)), ecLeaf.privateKey).toString('base64'),
      SigningCertURL: TEST_CERT_URL,
    };
    expect(await verifier({ fetchCertificate: serving(ecLeaf.pem) }).verify(message)).toEqual({
      ok: false,
      reason: 'signing certificate does not hold an RSA key',
    });
  });

  it('ignores fields outside the signature (UnsubscribeURL, MessageAttributes)', async () => {
    const message = { ...signed('Notification', '1'), UnsubscribeURL: 'https://example.com/', MessageAttributes: {} };
    expect(await verifier().verify(message)).toEqual({ ok: true });
  });

  it('verifies the Lambda record spelling (SigningCertUrl, SubscribeUrl, "Subject": null)', async () => {
    const { SigningCertURL, UnsubscribeURL, ...rest } = withoutSubject('2');
    const record = { ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL, Subject: null };
    expect(await verifier().verify(record)).toEqual({ ok: true });
    const { SubscribeURL, ...confirmation } = signed('SubscriptionConfirmation', '1');
    expect(await verifier().verify({ ...confirmation, SubscribeUrl: SubscribeURL })).toEqual({ ok: true });
  });
});

describe('SNS signing certificates: where they come from and when they are valid', () => {
  it.each([
    [
      'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem',
      'certificate URL is not https',
    ],
    [
      'https://example.com/SimpleNotificationService-0123456789abcdef.pem',
      'certificate URL is not an SNS host: example.com',
    ],
    [
      'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-0.pem',
      'certificate URL is not an SNS host: sns.eu-west-1.amazonaws.com.evil.example',
    ],
    [
      'https://sns.s3-ap-southeast-2.amazonaws.com/SimpleNotificationService-1.pem',
      'certificate URL is not an SNS host: sns.s3-ap-southeast-2.amazonaws.com',
    ],
    ['https://127.0.0.1/SimpleNotificationService-0.pem', 'certificate URL is not an SNS host: 127.0.0.1'],
    [
      'https://sns.eu-west-1.amazonaws.com:8443/SimpleNotificationService-0.pem',
      'certificate URL is not an SNS host: sns.eu-west-1.amazonaws.com:8443',
    ],
    ['https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0.crt', 'certificate URL is not a .pem file'],
    ['not a url', 'certificate URL is not a URL'],
  ])('refuses the certificate URL %s without fetching it, even when the signature is good', async (url, reason) => {
    const fetchCertificate = vi.fn(async () => leaf.pem);
    const message = signSnsMessage(snsFields('Notification'), '2', leaf.privateKey, { certUrl: url });
    expect(await verifier({ fetchCertificate }).verify(message)).toEqual({ ok: false, reason });
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it('refuses a message without a certificate URL', async () => {
    const { SigningCertURL: _, ...message } = signed('Notification', '2');
    expect(await verifier().verify(message)).toEqual({ ok: false, reason: 'SNS message has no SigningCertURL' });
  });

  it('refuses an expired certificate, and one not yet valid', async () => {
    const fromExpired = verifier({ fetchCertificate: serving(expired.pem) });
    const message = signSnsMessage(snsFields('Notification'), '2', expired.privateKey);
    expect(await fromExpired.verify(message)).toEqual({
      ok: false,
      reason: 'signing certificate expired on 2025-01-01',
    });
    const early = verifier({ now: () => new Date('2025-12-31T23:59:59Z') });
    expect(await early.verify(signed('Notification', '1'))).toEqual({
      ok: false,
      reason: 'signing certificate is not valid until 2026-01-01',
    });
    // Only tests of old recorded messages turn the check off; the signature itself is still checked.
    const unchecked = createSnsVerifier({ fetchCertificate: serving(expired.pem), now, checkValidity: false });
    expect(await unchecked.verify(message)).toEqual({ ok: true });
  });

  it('fetches a certificate once for a burst, including requests made while it downloads', async () => {
    const fetchCertificate = serving();
    const v = verifier({ fetchCertificate });
    const first = await Promise.all([v.verify(signed('Notification', '1')), v.verify(signed('Notification', '2'))]);
    const later = await v.verify(signed('SubscriptionConfirmation', '2'));
    expect([...first, later]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(fetchCertificate).toHaveBeenCalledTimes(1);
  });

  it('reports a failed or useless download and tries again on the next message', async () => {
    const fetchCertificate = vi
      .fn<(url: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('HTTP 503'))
      .mockResolvedValueOnce('<html>404</html>')
      .mockResolvedValue(leaf.pem);
    const v = verifier({ fetchCertificate });
    const message = signed('Notification', '2');
    expect(await v.verify(message)).toEqual({
      ok: false,
      reason: 'could not get the SNS signing certificate: HTTP 503',
    });
    const second = await v.verify(message);
    expect(second.ok ? '' : second.reason).toMatch(/^could not get the SNS signing certificate: /);
    expect(await v.verify(message)).toEqual({ ok: true });
    expect(fetchCertificate).toHaveBeenCalledTimes(3);
  });
});
