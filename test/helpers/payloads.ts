/**
 * The real webhook payloads the source tests read: test/fixtures/payloads, taken from their public
 * repositories (SOURCES.md there says where each came from and its licence), so every clone runs them.
 * The soloops workspace's corpus beside the repository is an optional extra: tests that find it
 * check its files too, but none needs it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** test/fixtures/payloads. */
export const payloadsDir = path.join(repoRoot, 'test', 'fixtures', 'payloads');

/** A fixture's path, `file` relative to test/fixtures/payloads ("cloudwatch/aws-lambda-go/sns-event.json"). */
export const payloadPath = (file: string): string => path.join(payloadsDir, file);

export const readPayloadText = (file: string): string => fs.readFileSync(payloadPath(file), 'utf8');

export const readPayload = <T = unknown>(file: string): T => JSON.parse(readPayloadText(file)) as T;

/** Every `.json` file under `dir`, relative with forward slashes, sorted. */
export function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/**
 * The workspace corpus's payloads folder (`$SOLOOPS_CORPUS_DIR/payloads` or `../shared/corpus/payloads`)
 * when present, else null: a plain clone has none, and that is normal.
 */
export function corpusPayloadsDir(): string | null {
  const candidates = [process.env.SOLOOPS_CORPUS_DIR, path.resolve(repoRoot, '..', 'shared', 'corpus')];
  for (const dir of candidates) if (dir && fs.existsSync(path.join(dir, 'payloads'))) return path.join(dir, 'payloads');
  return null;
}

/** The corpus's folders and where the same source's files sit under test/fixtures/payloads. */
const corpusFolders: Record<string, string> = {
  'aws-lambda-go/': 'cloudwatch/aws-lambda-go/',
  'terraform-aws-notify-slack/': 'cloudwatch/terraform-aws-notify-slack/',
  'lita-aws-cloudwatch/': 'cloudwatch/lita-aws-cloudwatch/',
  'sns-signature/': 'cloudwatch/aws-php-sns-message-validator/',
  'sentry-docs/': 'sentry/sentry-docs/',
  'alertmanager/': 'alertmanager/',
  'datadog/': 'datadog/',
};

/** The fixture path a corpus file corresponds to, or null for a folder the fixtures do not mirror. */
export function fixtureOfCorpusFile(file: string): string | null {
  for (const [from, to] of Object.entries(corpusFolders))
    if (file.startsWith(from)) return to + file.slice(from.length);
  return null;
}
