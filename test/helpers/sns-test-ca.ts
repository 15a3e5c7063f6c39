/**
 * A test certificate authority built in-process, so the SNS signature tests need neither the openssl
 * command nor AWS's recorded messages. Node can parse X.509 but not write it; a certificate is only
 * a DER SEQUENCE of a few fields signed with the issuer's key, so the few encoders below suffice
 * (checked against node's X509Certificate and `openssl x509` when this was written).
 */
import { generateKeyPairSync, type KeyObject, sign, X509Certificate } from 'node:crypto';

// --- DER ---------------------------------------------------------------------------------------

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, value: Buffer) => Buffer.concat([Buffer.from([tag]), length(value.length), value]);
const sequence = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
const nullValue = Buffer.from([0x05, 0x00]);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const octets = (value: Buffer) => tlv(0x04, value);
const bits = (value: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), value]));
const boolean = (value: boolean) => tlv(0x01, Buffer.from([value ? 0xff : 0]));

/** A non-negative INTEGER: a leading zero keeps a high first bit from reading as negative. */
function integer(value: Buffer): Buffer {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const trimmed = value.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const bytes = [first! * 40 + second!];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime after. */
function time(at: Date): Buffer {
  const iso = at
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replace(/[-:T]/g, '');
  const year = at.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(iso.slice(2))) : tlv(0x18, Buffer.from(iso));
}

const name = (commonName: string) => sequence(set(sequence(oid('2.5.4.3'), utf8(commonName))));
const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), nullValue);

// --- certificates --------------------------------------------------------------------------------

/** A certificate and the private key of its subject. */
export interface TestCertificate {
  pem: string;
  certificate: X509Certificate;
  privateKey: KeyObject;
  commonName: string;
}

export interface CertificateOptions {
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  /** The subject's key pair; default a fresh RSA 2048 pair (what SNS uses). */
  keys?: { publicKey: KeyObject; privateKey: KeyObject };
}

let serial = 0;

function build(
  subject: { commonName: string; publicKey: KeyObject },
  issuer: { commonName: string; privateKey: KeyObject },
  validity: { notBefore: Date; notAfter: Date },
  ca: boolean,
): string {
  const serialNumber = Buffer.alloc(8);
  serialNumber.writeUInt32BE(0x5e5e5e5e, 0);
  serialNumber.writeUInt32BE(++serial, 4);
  // A CA says so (basicConstraints cA, critical); a leaf carries no extension, as SNS's checks need none.
  const extensions = ca
    ? [explicit(3, sequence(sequence(oid('2.5.29.19'), boolean(true), octets(sequence(boolean(true))))))]
    : [];
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serialNumber),
    sha256WithRsa,
    name(issuer.commonName),
    sequence(time(validity.notBefore), time(validity.notAfter)),
    name(subject.commonName),
    subject.publicKey.export({ type: 'spki', format: 'der' }),
    ...extensions,
  );
  const signature = sign('sha256', tbs, issuer.privateKey);
  const der = sequence(tbs, sha256WithRsa, bits(signature));
  const body = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

const rsaKeys = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

function certificateOf(pem: string, privateKey: KeyObject, commonName: string): TestCertificate {
  return { pem, certificate: new X509Certificate(pem), privateKey, commonName };
}

/** A test CA able to issue leaf certificates. */
export interface TestCa extends TestCertificate {
  issue(options?: CertificateOptions): TestCertificate;
}

/**
 * A self-signed RSA root, valid 2000–2099 so that only the leaves' dates matter. Leaves default to
 * `CN=sns.amazonaws.com`, valid through 2026 and 2027: tests pass a clock inside (or outside) that.
 */
export function createTestCa(commonName = 'soloops test CA'): TestCa {
  const keys = rsaKeys();
  const validity = { notBefore: new Date('2000-01-01T00:00:00Z'), notAfter: new Date('2099-12-31T23:59:59Z') };
  const pem = build(
    { commonName, publicKey: keys.publicKey },
    { commonName, privateKey: keys.privateKey },
    validity,
    true,
  );
  const root = certificateOf(pem, keys.privateKey, commonName);
  return {
    ...root,
    issue(options = {}) {
      const leafName = options.commonName ?? 'sns.amazonaws.com';
      const leafKeys = options.keys ?? rsaKeys();
      const leafPem = build(
        { commonName: leafName, publicKey: leafKeys.publicKey },
        { commonName, privateKey: keys.privateKey },
        {
          notBefore: options.notBefore ?? new Date('2026-01-01T00:00:00Z'),
          notAfter: options.notAfter ?? new Date('2027-12-31T23:59:59Z'),
        },
        false,
      );
      return certificateOf(leafPem, leafKeys.privateKey, leafName);
    },
  };
}

// --- SNS messages --------------------------------------------------------------------------------

/**
 * The fields SNS signs, in the order AWS's "Verifying the signatures of Amazon SNS messages" lists
 * them, written out here rather than taken from src/ so a wrong order in the product shows up.
 */
export const SNS_SIGNED_FIELDS = {
  Notification: ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'],
  SubscriptionConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
  UnsubscribeConfirmation: ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'],
} as const;
export type SnsType = keyof typeof SNS_SIGNED_FIELDS;

/** "Name\nvalue\n" for each signed field present (a Notification without Subject leaves it out). */
export function snsStringToSignByHand(message: Record<string, unknown>, order?: readonly string[]): string {
  const fields = order ?? SNS_SIGNED_FIELDS[message.Type as SnsType];
  return fields
    .filter((field) => typeof message[field] === 'string')
    .map((field) => `${field}\n${message[field] as string}\n`)
    .join('');
}

export const TEST_TOPIC = 'arn:aws:sns:eu-west-1:123456789012:alerts';
export const TEST_CERT_URL = 'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef.pem';

/** The unsigned fields of a message of each type, shaped as SNS posts them over HTTPS. */
export function snsFields(type: SnsType, extra: Record<string, string> = {}): Record<string, string> {
  const common = { MessageId: '165545c9-2a5c-472c-8df2-7ff2be2b3b1b', Timestamp: '2026-03-04T05:06:07.890Z' };
  if (type === 'Notification')
    return {
      Type: type,
      ...common,
      TopicArn: TEST_TOPIC,
      Subject: 'ALARM: "db-1 high CPU" in EU (Ireland)',
      Message: JSON.stringify({ AlarmName: 'db-1 high CPU', NewStateValue: 'ALARM', Region: 'EU (Ireland)' }),
      UnsubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TEST_TOPIC}:1`,
      ...extra,
    };
  const verb = type === 'SubscriptionConfirmation' ? 'subscribe to' : 'unsubscribe from';
  return {
    Type: type,
    ...common,
    Token: '2336412f37fb687f5d51e6e241d7700bdc2fd74df0fbef7c6648870dee1c4c87',
    TopicArn: TEST_TOPIC,
    Message:
      `You have chosen to ${verb} the topic ${TEST_TOPIC}.\n` +
      'To confirm, visit the SubscribeURL included in this message.',
    SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TEST_TOPIC}&Token=23364`,
    ...extra,
  };
}

/**
 * Signs `fields` as SNS does: RSA PKCS#1 v1.5 over the string to sign, SHA1 for SignatureVersion 1
 * and SHA256 for 2. `order` replaces the documented field order (to prove the order matters).
 */
export function signSnsMessage(
  fields: Record<string, string>,
  version: '1' | '2',
  privateKey: KeyObject,
  options: { certUrl?: string; order?: readonly string[] } = {},
): Record<string, string> {
  const text = snsStringToSignByHand(fields, options.order);
  const signature = sign(version === '1' ? 'sha1' : 'sha256', Buffer.from(text, 'utf8'), privateKey).toString('base64');
  return {
    ...fields,
    SignatureVersion: version,
    Signature: signature,
    SigningCertURL: options.certUrl ?? TEST_CERT_URL,
  };
}
