import fs from 'node:fs';
import { parseReportFormat, renderSlaReport, slaReport } from '../../../app/incident/report.js';
import type { CliContext } from '../../context.js';

interface Options {
  month?: string;
  from?: string;
  to?: string;
  service?: string;
  format?: string;
  out?: string;
}

/** `soloops incident report`: the report in its format to stdout or --out; `--json` is the JSON form. */
export async function run(context: CliContext<Options>): Promise<void> {
  const { options, reporter } = context;
  const format = parseReportFormat(options.format);
  const app = await context.app();
  const report = await slaReport(app, options);
  const text = renderSlaReport(report, reporter.json ? 'json' : format);
  if (options.out) {
    fs.writeFileSync(options.out, renderSlaReport(report, format));
    reporter.info(`wrote ${options.out}`);
    if (reporter.json) reporter.result({ out: options.out, from: report.from, to: report.to }, '');
    return;
  }
  if (reporter.json) reporter.result(report, '');
  else process.stdout.write(text);
}
