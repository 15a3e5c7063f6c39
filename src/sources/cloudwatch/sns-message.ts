/**
 * The parts of Amazon SNS signature verification that need no network: which URLs may be
 * fetched or visited, and the canonical string SNS signs (docs: "Verifying the signatures of
 * Amazon SNS messages"). Split from sns-verifier.ts so they stay pure and testable on their own.
 */

/** A message field as SNS delivers it; the Lambda record form spells some names differently. */
type Fields = Record<string, unknown>;

/**
 * `sns.<region>.amazonaws.com` and the China partition's `.amazonaws.com.cn`. The region must
 * look like one (`us-east-1`, `us-gov-west-1`): a looser `[a-z0-9-]+` would also admit
 * `sns.s3-ap-southeast-2.amazonaws.com`, an S3 bucket named "sns" that anyone could own.
 */
const snsHost = /^sns\.[a-z]{2}(?:-[a-z]+)+-\d+\.amazonaws\.com(?:\.cn)?$/;

/**
 * Why `url` may not be fetched as an SNS endpoint, or undefined when it may. Credentials and
 * explicit ports are refused as well: SNS never sends them, and either could steer the request.
 */
export function snsUrlProblem(url: string, what: string, pemPath = false): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${what} URL is not a URL`;
  }
  if (parsed.protocol !== 'https:') return `${what} URL is not https`;
  if (!snsHost.test(parsed.hostname) || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') {
    return `${what} URL is not an SNS host: ${parsed.host}`;
  }
  if (pemPath && !parsed.pathname.endsWith('.pem')) return `${what} URL is not a .pem file`;
  return undefined;
}

/** A signed field, read from the HTTPS spelling or else the Lambda record spelling. */
function field(message: Fields, name: string): unknown {
  const value = message[name];
  if (value !== undefined) return value;
  return name.endsWith('URL') ? message[`${name.slice(0, -3)}Url`] : undefined;
}

/** The certificate URL in either spelling (`SigningCertURL` over HTTPS, `SigningCertUrl` in Lambda records). */
export function signingCertUrl(message: Fields): unknown {
  return field(message, 'SigningCertURL');
}

/** The fields SNS signs for each message type, already in byte order as the procedure requires. */
const signedFields: Record<string, readonly string[]> = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
};

/**
 * The string SNS signed: `name\nvalue\n` for each signed field of the message's type. `Subject`
 * joins only when present; Lambda records carry `"Subject": null` for "absent", so null counts
 * as absent too. Returns a reason instead when the type is unknown or a field is missing.
 */
export function snsStringToSign(message: Fields): { ok: true; text: string } | { ok: false; reason: string } {
  const type = message.Type;
  const names = typeof type === 'string' && Object.hasOwn(signedFields, type) ? signedFields[type] : undefined;
  if (typeof type !== 'string') return { ok: false, reason: 'not an SNS message: no Type field' };
  if (!names) return { ok: false, reason: `not an SNS message type: ${type.slice(0, 40)}` };
  let text = '';
  for (const name of names) {
    const value = field(message, name);
    if (name === 'Subject' && (value === undefined || value === null)) continue;
    if (typeof value !== 'string') return { ok: false, reason: `SNS message has no ${name}` };
    text += `${name}\n${value}\n`;
  }
  return { ok: true, text };
}
