import { listUsage } from '../../../app/incident/usage.js';
import type { CliContext } from '../../context.js';

/** `soloops incident usage`: each service with requests, their count and first and last time. */
export async function run(context: CliContext<Record<string, never>>): Promise<void> {
  const app = await context.app();
  const services = await listUsage(app);
  const text = services.length
    ? services
        .map((s) => `${s.service}  ${s.total} request(s)  ${s.first.toISOString()} → ${s.last.toISOString()}`)
        .join('\n')
    : 'no usage data yet (soloops incident usage import FILE --service ID)';
  context.reporter.result({ services }, text);
}
