import { buildStatusSite } from '../../../app/incident/status.js';
import type { CliContext } from '../../context.js';

/** `soloops status build`. */
export async function run(context: CliContext<{ out: string; s3?: string; endpoint?: string }>): Promise<void> {
  const { out, s3, endpoint } = context.options;
  if (s3) context.reporter.info(`uploading to ${s3} …`);
  const result = await buildStatusSite(await context.app(), { out, s3, endpoint }, context.signal);
  if (result.services === 0)
    context.reporter.warn('no services in soloops.yaml: the page lists none (add a services: section)');
  const bytes = result.files.reduce((sum, f) => sum + f.bytes, 0);
  const lines = [
    `wrote ${result.files.length} files (${Math.ceil(bytes / 1024)} KB) to ${result.out}`,
    ...(result.uploaded.length > 0 ? [`uploaded them to ${s3}`] : []),
  ];
  context.reporter.result(result, lines.join('\n'));
}
