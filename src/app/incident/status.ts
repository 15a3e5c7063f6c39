import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError, messageOf } from '../../core/errors.js';
import { OVERALL_TEXT, SERVICE_TEXT, uptimeText } from '../../incident/status/format.js';
import { type StatusModel, type StatusStore, loadStatusModel, renderStatusPage } from '../../incident/status/index.js';
import { type AppContext, withStore } from '../context.js';
import { makeDirSync } from '../../core/make-dir.js';

/** Reads the model from the store, or builds it from the config alone before there is a database. */
export async function statusModel(app: AppContext, now = new Date()): Promise<StatusModel> {
  const config = { services: app.config.services, status: app.config.status, checks: app.config.checks };
  if (!app.databaseExists()) return loadStatusModel(EMPTY_STORE, config, now);
  return withStore(app, { readOnly: true }, (store) => loadStatusModel(store, config, now));
}

/** `soloops status`: the banner, each service and the active incidents (the page's bars stay on the page). */
export interface StatusSummary {
  overall: StatusModel['overall'];
  generatedAt: string;
  hasData: boolean;
  services: Array<Pick<StatusModel['services'][number], 'id' | 'name' | 'state' | 'uptime90'>>;
  active: Array<Pick<StatusModel['active'][number], 'id' | 'title' | 'status' | 'services'>>;
}

export async function statusSummary(app: AppContext, now = new Date()): Promise<StatusSummary> {
  const model = await statusModel(app, now);
  return {
    overall: model.overall,
    generatedAt: model.generatedAt,
    hasData: model.hasData,
    services: model.services.map(({ id, name, state, uptime90 }) => ({ id, name, state, uptime90 })),
    active: model.active.map(({ id, title, status, services }) => ({ id, title, status, services })),
  };
}

/** The summary as lines for a terminal. */
export function summaryText(summary: StatusSummary): string {
  const width = Math.max(0, ...summary.services.map((s) => s.name.length));
  const services = summary.services.map((s) => {
    const uptime = s.uptime90 === null ? 'no data yet' : `${uptimeText(s.uptime90)} over 90 days`;
    return `  ${s.name.padEnd(width)}  ${SERVICE_TEXT[s.state].padEnd(11)}  ${uptime}`;
  });
  const active = summary.active.map((x) => `  ${x.id}  ${x.status}  ${x.title}`);
  return [
    OVERALL_TEXT[summary.overall],
    ...(services.length > 0 ? ['', 'Services:', ...services] : ['', 'No services in soloops.yaml (services:).']),
    ...(active.length > 0 ? ['', 'Active incidents:', ...active] : []),
  ].join('\n');
}

/** What `status build` was asked. */
export interface BuildRequest {
  out: string;
  /** `s3://bucket/prefix`: upload the files there too. */
  s3?: string | undefined;
  /** An S3-compatible endpoint (MinIO, s3rver…). */
  endpoint?: string | undefined;
}

/** One written file: its path relative to the output folder (also its key under the S3 prefix). */
export interface BuiltFile {
  name: string;
  bytes: number;
}

/** What `status build` did. */
export interface BuildResult {
  out: string;
  files: BuiltFile[];
  /** The S3 URLs written, when --s3 was given. */
  uploaded: string[];
  overall: StatusModel['overall'];
  services: number;
  generatedAt: string;
}

/**
 * `status build`: index.html (the whole page, self-contained), status.json (the model) and
 * uptime/<service>.json (each service's 90 days), written to `out` and, with `s3`, uploaded there.
 */
export async function buildStatusSite(
  app: AppContext,
  request: BuildRequest,
  signal: AbortSignal,
  now = new Date(),
): Promise<BuildResult> {
  if (!request.out.trim()) throw new UserError('where should the page go?', 'pass --out DIR, e.g. --out public/status');
  if (request.s3 !== undefined) (await import('../../snap/upload.js')).parseS3Url(request.s3);
  const model = await statusModel(app, now);
  const items = siteFiles(model);
  const out = path.resolve(app.cwd, request.out);
  await writeSite(out, items);
  const uploaded = request.s3 === undefined ? [] : await upload(items, request.s3, request.endpoint, signal);
  return {
    out,
    files: items.map((item) => ({ name: item.name, bytes: Buffer.byteLength(item.body) })),
    uploaded,
    overall: model.overall,
    services: model.services.length,
    generatedAt: model.generatedAt,
  };
}

interface SiteFile {
  name: string;
  body: string;
  contentType: string;
}

/** The site's files, rendered from one model. */
export function siteFiles(model: StatusModel): SiteFile[] {
  const json = 'application/json';
  return [
    { name: 'index.html', body: renderStatusPage(model), contentType: 'text/html; charset=utf-8' },
    { name: 'status.json', body: `${JSON.stringify(model)}\n`, contentType: json },
    ...model.services.map(({ id, name, uptime90, days }) => ({
      name: `uptime/${id}.json`,
      body: `${JSON.stringify({ id, name, uptime90, days })}\n`,
      contentType: json,
    })),
  ];
}

async function writeSite(out: string, items: readonly SiteFile[]): Promise<void> {
  try {
    makeDirSync(path.join(out, 'uptime'));
    for (const item of items) await fs.writeFile(path.join(out, item.name), item.body);
  } catch (error) {
    throw new UserError(
      `cannot write the status page to ${out}: ${messageOf(error)}`,
      'check that --out names a folder you can write to',
    );
  }
}

async function upload(items: SiteFile[], url: string, endpoint: string | undefined, signal: AbortSignal) {
  const { createS3Client, uploadSnapshot } = await import('../../snap/upload.js');
  const client = createS3Client(endpoint ? { endpoint } : {});
  try {
    const results = await Promise.all(
      items.map((item) =>
        uploadSnapshot({
          client,
          url,
          key: item.name,
          body: item.body,
          contentType: item.contentType,
          encryption: 'AES256',
          timeoutMs: 60_000,
          signal,
        }),
      ),
    );
    return results.map((r) => r.url);
  } finally {
    client.destroy();
  }
}

/** Before the first `watch` run there is no database: no check results, no incidents. */
const EMPTY_STORE: StatusStore = {
  sla: { dailyChecks: async () => [] },
  incidents: { list: async () => [], updates: async () => [] },
  watch: { recentCheckResults: async () => [] },
};
