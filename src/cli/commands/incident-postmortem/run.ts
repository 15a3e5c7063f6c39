import { postmortem, writePostmortem } from '../../../app/incident/postmortem.js';
import type { CliContext } from '../../context.js';

interface Options {
  template?: string;
  out?: string;
  force?: boolean;
}

/** `soloops incident postmortem ID`: the Markdown to stdout or --out; `--json` is {id, markdown}. */
export async function run(context: CliContext<Options>): Promise<void> {
  const [id] = context.args as [string];
  const { options, reporter } = context;
  const app = await context.app();
  const filled = await postmortem(app, { id, templateFile: options.template });
  if (filled.unknown.length > 0)
    reporter.warn(
      `left as written, soloops has no value for: ${filled.unknown.map((n) => `{{${n}}}`).join(', ')} ` +
        '(`soloops incident postmortem --help` lists the placeholders)',
    );
  const result = { id: filled.id, markdown: filled.markdown };
  if (options.out) {
    const target = writePostmortem(app, options.out, filled.markdown, Boolean(options.force));
    reporter.info(`wrote ${target}`);
    if (reporter.json) reporter.result({ ...result, out: target });
    return;
  }
  if (reporter.json) reporter.result(result);
  else process.stdout.write(filled.markdown);
}
