import { testWake } from '../../../app/wake/test-wake.js';
import { ExternalError } from '../../../core/errors.js';
import type { CliContext } from '../../context.js';

/** `soloops watch test-wake`: every configured channel once, and the ladder's worst-case cost. */
export async function run(context: CliContext): Promise<void> {
  const app = await context.app();
  context.reporter.info(
    'sending a test through every configured wake channel (a real call and SMS if Twilio is set up)…',
  );
  const report = await testWake(app, process.stderr);
  const lines = [
    'ladder if nobody answers:',
    ...report.steps.map((s) => `  +${formatOffset(s.afterSeconds)}  ${s.channel}`),
    'test messages:',
    ...report.results.map((r) => `  ${r.ok ? 'ok    ' : 'FAILED'} ${r.channel}${r.error ? `  (${r.error})` : ''}`),
    `worst case per incident: $${report.worstCaseUsd.toFixed(4)} (every call rings its minute, every SMS one segment)`,
  ];
  context.reporter.result(report, lines.join('\n'));
  const failed = report.results.filter((r) => !r.ok).map((r) => r.channel);
  if (failed.length)
    throw new ExternalError(
      `${failed.join(', ')} could not deliver the test`,
      'check the credentials and addresses in the wake: section of soloops.yaml',
    );
}

function formatOffset(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}
