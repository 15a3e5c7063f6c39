/**
 * Amazon SNS message authentication, following AWS's "Verifying the signatures of Amazon SNS
 * messages": the certificate must come over https from an SNS host, and its public key must
 * verify the base64 `Signature` over the canonical string (sns-message.ts). Also confirms
 * HTTPS subscriptions, which the server does only when the config asks for it.
 */
import { verify as verifySignature, type X509Certificate } from 'node:crypto';
import { isRecord } from '../../core/json.js';
import { failed, passed, type AuthResult } from '../shared/webhook-auth.js';
import { createCertificateCache, fetchCertificateHttps, fetchFailure, type FetchCertificate } from './sns-cert.js';
import { signingCertUrl, snsStringToSign, snsUrlProblem } from './sns-message.js';

/** How a verifier gets and judges certificates; the defaults are the production behaviour. */
export interface SnsVerifierOptions {
  /** Downloads a certificate's PEM text. Default: global fetch, https only, 5 s timeout. */
  fetchCertificate?: FetchCertificate;
  /** Reject certificates outside their validity period. Default true; only tests of old fixtures turn it off. */
  checkValidity?: boolean;
  /** The clock the validity check uses. */
  now?: () => Date;
}

/** Verifies SNS messages (HTTPS envelopes or Lambda `Records[].Sns`), caching certificates between calls. */
export interface SnsVerifier {
  verify(message: unknown): Promise<AuthResult>;
}

/** SignatureVersion → digest; both are RSA signatures (PKCS#1 v1.5). */
const digests: Record<string, string> = { '1': 'sha1', '2': 'sha256' };

/** Standard base64, padded; anything else SNS did not produce. */
const base64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The signature bytes, or undefined when the text is not canonical base64. Node's decoder skips
 * junk and ignores the unused low bits of the last character, so without the round-trip check
 * two different `Signature` strings could decode to the same bytes and both verify.
 */
function decodeSignature(value: unknown): Buffer | undefined {
  if (typeof value !== 'string' || value === '' || !base64.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.toString('base64') === value ? bytes : undefined;
}

function validityProblem(certificate: X509Certificate, at: Date): string | undefined {
  // Node 20 has only the text forms ("Aug 17 23:59:59 2022 GMT"); Date parses them.
  const from = new Date(certificate.validFrom);
  const to = new Date(certificate.validTo);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    return 'signing certificate has an unreadable validity period';
  if (at < from) return `signing certificate is not valid until ${from.toISOString().slice(0, 10)}`;
  if (at > to) return `signing certificate expired on ${to.toISOString().slice(0, 10)}`;
  return undefined;
}

/** A verifier with its own certificate cache; create one per daemon and share it across requests. */
export function createSnsVerifier(options: SnsVerifierOptions = {}): SnsVerifier {
  const certificates = createCertificateCache(options.fetchCertificate ?? fetchCertificateHttps);
  const checkValidity = options.checkValidity ?? true;
  const now = options.now ?? (() => new Date());
  return {
    async verify(message) {
      if (!isRecord(message)) return failed('SNS message is not a JSON object');
      const toSign = snsStringToSign(message);
      if (!toSign.ok) return toSign;
      const version = message.SignatureVersion;
      const digest = typeof version === 'string' && Object.hasOwn(digests, version) ? digests[version] : undefined;
      if (!digest) return failed('unsupported SNS SignatureVersion');
      const signature = decodeSignature(message.Signature);
      if (!signature) return failed('SNS Signature is missing or not base64');
      const url = signingCertUrl(message);
      if (typeof url !== 'string') return failed('SNS message has no SigningCertURL');
      // Checked before any download: the URL comes from the very message being judged.
      const problem = snsUrlProblem(url, 'certificate', true);
      if (problem) return failed(problem);
      let certificate: X509Certificate;
      try {
        certificate = await certificates.get(url);
      } catch (error) {
        return failed(`could not get the SNS signing certificate: ${fetchFailure(error)}`);
      }
      if (checkValidity) {
        const expired = validityProblem(certificate, now());
        if (expired) return failed(expired);
      }
      if (certificate.publicKey.asymmetricKeyType !== 'rsa')
        return failed('signing certificate does not hold an RSA key');
      try {
        return verifySignature(digest, Buffer.from(toSign.text, 'utf8'), certificate.publicKey, signature)
          ? passed
          : failed('signature does not match');
      } catch {
        return failed('signature does not match');
      }
    },
  };
}

/** True when `url` is an https URL on an SNS host, the only place a SubscribeURL may point. */
export function subscribeUrlAllowed(url: string): boolean {
  return snsUrlProblem(url, 'subscribe') === undefined;
}

/**
 * Confirms an HTTPS subscription by visiting its `SubscribeURL`. It does not verify the message:
 * call it only after `verify` passed. The URL carries the subscription token, so it never
 * appears in a reason.
 */
export async function confirmSubscription(message: unknown, fetchImpl: typeof fetch = fetch): Promise<AuthResult> {
  if (!isRecord(message) || message.Type !== 'SubscriptionConfirmation')
    return failed('not an SNS SubscriptionConfirmation');
  const url = message.SubscribeURL ?? message.SubscribeUrl;
  if (typeof url !== 'string') return failed('SNS SubscriptionConfirmation has no SubscribeURL');
  const problem = snsUrlProblem(url, 'subscribe');
  if (problem) return failed(problem);
  try {
    const response = await fetchImpl(url, { signal: AbortSignal.timeout(5_000), redirect: 'error' });
    await response.body?.cancel();
    return response.ok ? passed : failed(`SNS refused the subscription confirmation: HTTP ${response.status}`);
  } catch (error) {
    return failed(`could not reach SNS to confirm the subscription: ${fetchFailure(error, url)}`);
  }
}
