import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createSnsVerifier } from './sns-verifier.js';

// Real SNS messages signed by AWS (copied by aws/aws-php-sns-message-validator into its tests),
// read in place from the shared corpus beside the repository.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const folder = path.join(repoRoot, '..', 'shared', 'corpus', 'payloads', 'sns-signature');
const certFile = path.join(folder, 'SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem');
const hasCorpus = fs.existsSync(certFile);
if (!hasCorpus)
  console.warn(
    `SNS signature tests skipped: ${folder} is absent ` +
      '(the shared corpus sits beside the repository only in the soloops workspace)',
  );

type Message = Record<string, unknown>;
const pem = hasCorpus ? fs.readFileSync(certFile, 'utf8') : '';
const fixtures: Message[] = hasCorpus
  ? (JSON.parse(fs.readFileSync(path.join(folder, 'sns-http-signed-fixtures.json'), 'utf8')) as { messages: Message[] })
      .messages
  : [];
const certUrl = 'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem';

/** A fetcher that serves the corpus certificate at its real URL only, counting calls. */
function fakeFetcher() {
  return vi.fn(async (url: string) => {
    if (url !== certUrl) throw new Error(`unexpected URL ${url}`);
    return pem;
  });
}
// The certificate expired on 2022-08-17: only these tests of recorded messages turn the check off.
const recorded = (fetchCertificate = fakeFetcher()) => createSnsVerifier({ fetchCertificate, checkValidity: false });

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/**
 * The text with one character replaced: the next base64 letter when it is one (so signatures stay
 * well-formed), else a neighbour.
 */
function mutate(text: string, index: number): string {
  const char = text[index]!;
  const at = alphabet.indexOf(char);
  const replacement = at >= 0 ? alphabet[(at + 1) % 64]! : String.fromCharCode(char.charCodeAt(0) ^ 1);
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe.skipIf(!hasCorpus)('SNS signatures of recorded messages', () => {
  it('verifies every fixture (SignatureVersion 1 and 2, with and without Subject)', async () => {
    expect(new Set(fixtures.map((m) => `${m.SignatureVersion}/${'Subject' in m}`)).size).toBe(4);
    const verifier = recorded();
    for (const message of fixtures) expect(await verifier.verify(message)).toEqual({ ok: true });
  });

  it('rejects the same message as expired while the validity check is on (the default)', async () => {
    const verifier = createSnsVerifier({
      fetchCertificate: fakeFetcher(),
      now: () => new Date('2026-01-01T00:00:00Z'),
    });
    expect(await verifier.verify(fixtures[0])).toEqual({
      ok: false,
      reason: 'signing certificate expired on 2022-08-17',
    });
  });

  it('passes the validity check at a time inside the certificate period', async () => {
    const verifier = createSnsVerifier({
      fetchCertificate: fakeFetcher(),
      now: () => new Date('2022-07-28T21:24:00Z'),
    });
    expect(await verifier.verify(fixtures[1])).toEqual({ ok: true });
  });

  it.each(fixtures.map((message, index) => [index, message] as const))(
    'rejects fixture %i with any single character of a signed field changed',
    async (_, message) => {
      const verifier = recorded();
      const signed = [
        'Message',
        'MessageId',
        'Subject',
        'Timestamp',
        'TopicArn',
        'Type',
        'SignatureVersion',
        'Signature',
      ].filter((name) => name in message);
      const accepted: string[] = [];
      for (const name of signed) {
        const value = message[name] as string;
        for (let index = 0; index < value.length; index++) {
          const result = await verifier.verify({ ...message, [name]: mutate(value, index) });
          if (result.ok) accepted.push(`${name}[${index}]`);
        }
      }
      expect(accepted).toEqual([]);
    },
  );

  it('says why a changed message fails', async () => {
    const verifier = recorded();
    const message = fixtures[2]!;
    expect(await verifier.verify({ ...message, Message: 'Hello world!' })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(await verifier.verify({ ...message, Subject: undefined })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(await verifier.verify({ ...fixtures[0], Subject: 'added' })).toEqual({
      ok: false,
      reason: 'signature does not match',
    });
    expect(
      await verifier.verify({ ...message, SignatureVersion: message.SignatureVersion === '1' ? '2' : '1' }),
    ).toEqual({ ok: false, reason: 'signature does not match' });
    expect(await verifier.verify({ ...message, SignatureVersion: '3' })).toEqual({
      ok: false,
      reason: 'unsupported SNS SignatureVersion',
    });
    expect(await verifier.verify({ ...message, Signature: 'not base64!' })).toEqual({
      ok: false,
      reason: 'SNS Signature is missing or not base64',
    });
    expect(await verifier.verify({ ...message, TopicArn: undefined })).toEqual({
      ok: false,
      reason: 'SNS message has no TopicArn',
    });
    expect(await verifier.verify({ ...message, Type: 'SubscriptionConfirmation' })).toEqual({
      ok: false,
      reason: 'SNS message has no SubscribeURL',
    });
  });

  it('ignores fields outside the signature (UnsubscribeURL, MessageAttributes)', async () => {
    const message = { ...fixtures[0], UnsubscribeURL: 'https://example.com/', MessageAttributes: { a: 1 } };
    expect(await recorded().verify(message)).toEqual({ ok: true });
  });

  it('verifies the Lambda record spelling (SigningCertUrl, "Subject": null)', async () => {
    const { SigningCertURL, UnsubscribeURL, ...rest } = fixtures[0]!;
    const record = {
      ...rest,
      SigningCertUrl: SigningCertURL,
      UnsubscribeUrl: UnsubscribeURL,
      Subject: null,
      MessageAttributes: {},
    };
    expect(await recorded().verify(record)).toEqual({ ok: true });
  });

  it.each([
    [
      'http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem',
      'certificate URL is not https',
    ],
    [
      'https://example.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem',
      'certificate URL is not an SNS host: example.com',
    ],
    [
      'https://sns.us-east-1.amazonaws.com.evil.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem',
      'certificate URL is not an SNS host: sns.us-east-1.amazonaws.com.evil.com',
    ],
    [
      'https://sns.s3-ap-southeast-2.amazonaws.com/SimpleNotificationService-1.pem',
      'certificate URL is not an SNS host: sns.s3-ap-southeast-2.amazonaws.com',
    ],
    [
      'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.crt',
      'certificate URL is not a .pem file',
    ],
    [42, 'SNS message has no SigningCertURL'],
  ])('refuses the certificate URL %s without fetching it', async (url, reason) => {
    const fetcher = fakeFetcher();
    expect(await recorded(fetcher).verify({ ...fixtures[0], SigningCertURL: url })).toEqual({ ok: false, reason });
    expect(fetcher).not.toHaveBeenCalled();
  });

  it('fetches a certificate once for a burst, including requests made while it downloads', async () => {
    const fetcher = fakeFetcher();
    const verifier = recorded(fetcher);
    const first = await Promise.all([verifier.verify(fixtures[0]), verifier.verify(fixtures[1])]);
    const later = await verifier.verify(fixtures[2]);
    expect([...first, later]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('reports a failed download and tries again on the next message', async () => {
    const fetcher = vi
      .fn<(url: string) => Promise<string>>()
      .mockRejectedValueOnce(new Error('HTTP 503'))
      .mockResolvedValue(pem);
    const verifier = recorded(fetcher);
    expect(await verifier.verify(fixtures[0])).toEqual({
      ok: false,
      reason: 'could not get the SNS signing certificate: HTTP 503',
    });
    expect(await verifier.verify(fixtures[0])).toEqual({ ok: true });
    expect(fetcher).toHaveBeenCalledTimes(2);
  });
});
