import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { corpusPayloadsDir, readPayload, readPayloadText } from '../../../test/helpers/payloads.js';
import { createSnsVerifier } from './sns-verifier.js';

// Messages genuinely signed by AWS, as aws/aws-php-sns-message-validator records them in its tests
// (test/fixtures/payloads/SOURCES.md), with the certificate SNS signed them with. They prove the
// verifier agrees with AWS itself, not only with the test CA of sns-verifier.test.ts. The workspace
// corpus holds another copy; when it is there, that copy is checked too.
type Message = Record<string, unknown>;
const folder = 'cloudwatch/aws-php-sns-message-validator';
const pemFile = 'SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem';
const certUrl = `https://sns.us-east-2.amazonaws.com/${pemFile}`;

const copies: Array<{ name: string; pem: string; messages: Message[] }> = [
  {
    name: 'test/fixtures',
    pem: readPayloadText(`${folder}/${pemFile}`),
    messages: readPayload<{ messages: Message[] }>(`${folder}/sns-http-signed-fixtures.json`).messages,
  },
];
const corpus = corpusPayloadsDir();
if (corpus && fs.existsSync(path.join(corpus, 'sns-signature', pemFile)))
  copies.push({
    name: 'workspace corpus',
    pem: fs.readFileSync(path.join(corpus, 'sns-signature', pemFile), 'utf8'),
    messages: (
      JSON.parse(fs.readFileSync(path.join(corpus, 'sns-signature', 'sns-http-signed-fixtures.json'), 'utf8')) as {
        messages: Message[];
      }
    ).messages,
  });
const { pem, messages } = copies[0]!;

/** A fetcher that serves the recorded certificate at its real URL only, counting calls. */
const serving = (text = pem) =>
  vi.fn(async (url: string) => {
    if (url !== certUrl) throw new Error(`unexpected URL ${url}`);
    return text;
  });
// The certificate expired on 2022-08-17: only these tests of recorded messages turn the check off.
const recorded = (fetchCertificate = serving()) => createSnsVerifier({ fetchCertificate, checkValidity: false });

describe('SNS signatures of messages AWS signed', () => {
  it.each(copies.map((copy) => [copy.name, copy] as const))(
    'verifies every recorded message of the %s copy (SignatureVersion 1 and 2, with and without Subject)',
    async (_, copy) => {
      expect(new Set(copy.messages.map((m) => `${m.SignatureVersion}/${'Subject' in m}`)).size).toBe(4);
      const verifier = recorded(serving(copy.pem));
      for (const message of copy.messages) expect(await verifier.verify(message)).toEqual({ ok: true });
    },
  );

  it('rejects them as expired with the validity check on (the default), accepts them inside the period', async () => {
    const late = createSnsVerifier({ fetchCertificate: serving(), now: () => new Date('2026-01-01T00:00:00Z') });
    expect(await late.verify(messages[0])).toEqual({ ok: false, reason: 'signing certificate expired on 2022-08-17' });
    const then = createSnsVerifier({ fetchCertificate: serving(), now: () => new Date('2022-07-28T21:24:00Z') });
    expect(await then.verify(messages[1])).toEqual({ ok: true });
  });

  it('rejects a recorded message whose Message, Subject or version changed', async () => {
    const verifier = recorded();
    const mismatch = { ok: false, reason: 'signature does not match' };
    const withSubject = messages.find((m) => 'Subject' in m)!;
    expect(await verifier.verify({ ...withSubject, Message: 'Hello world!' })).toEqual(mismatch);
    expect(await verifier.verify({ ...withSubject, Subject: undefined })).toEqual(mismatch);
    expect(await verifier.verify({ ...messages[0], Subject: 'added' })).toEqual(mismatch);
    const swapped = withSubject.SignatureVersion === '1' ? '2' : '1';
    expect(await verifier.verify({ ...withSubject, SignatureVersion: swapped })).toEqual(mismatch);
  });

  it('verifies the Lambda record spelling of a recorded message (SigningCertUrl, "Subject": null)', async () => {
    const { SigningCertURL, UnsubscribeURL, ...rest } = messages[0]!;
    const record = { ...rest, SigningCertUrl: SigningCertURL, UnsubscribeUrl: UnsubscribeURL, Subject: null };
    expect(await recorded().verify(record)).toEqual({ ok: true });
  });
});
