import type { Incident } from '../../core/incident.js';
import type { CheckDay } from '../../core/sla.js';
import {
  dayLevel,
  loadStatusModel,
  renderStatusPage,
  type StatusModel,
  type StatusStore,
} from '../../incident/status/index.js';
import type { Store } from '../../store/types.js';
import type { StatusApiDeps, UptimeJson } from '../../watch/http/api-status.js';
import type { StatusLiveDeps } from '../../watch/http/status-live.js';
import type { AppContext } from '../context.js';
import { type Cached, cached } from './api-cache.js';

const DAY_MS = 86_400_000;

/**
 * How long results are reused. The model (states, incidents) and uptime answers: 2 s, so under
 * load every read in that time shares one computation (~10–30 ms of building and rendering for 50
 * services); a write through the API drops them, so its own answer is never stale, and the live
 * page's poll waits for a fresh model rather than taking an old one, so a change reaches open
 * pages within two polls. The daily check counts behind the bars: 5 min (counting today's raw
 * results is the costly read, ~100 ms for 50 checks of 1-minute results late in the day, and
 * today's bar is a day's aggregate). NO_CACHE: every read computes (tests that write behind the API).
 */
export const CACHE_AGES = { model: 2_000, bars: 300_000 };
export const NO_CACHE = { model: -1, bars: -1 };

/** The status model, uptime ranges and the live page over the daemon's open store. */
export function statusApi(app: () => AppContext, store: Store, now: () => Date, ages = CACHE_AGES) {
  const configOf = () => {
    const { services, status, checks } = app().config;
    return { services, status, checks };
  };
  // The status windows are whole UTC days, so the same range is asked for all day long.
  const days = new Map<string, Cached<CheckDay[]>>();
  const dailyChecks = (checks: readonly string[], from: Date, to: Date) => {
    const key = `${checks.join('\u0000')}|${from.toISOString()}|${to.toISOString()}`;
    let entry = days.get(key);
    if (!entry) {
      if (days.size > 1_000) days.clear(); // yesterday's ranges
      entry = cached(() => store.sla.dailyChecks(checks, from, to), ages.bars);
      days.set(key, entry);
    }
    return entry.get();
  };
  const reading: StatusStore = { sla: { dailyChecks }, incidents: store.incidents, watch: store.watch };
  const model = cached(() => loadStatusModel(reading, configOf(), now()), ages.model);
  // Each model is rendered (and serialized for the live pages) once, however many read it.
  const pages = new WeakMap<StatusModel, Buffer>();
  const snapshots = new WeakMap<StatusModel, string>();
  const ranges = new Map<string, Cached<UptimeJson | null>>();

  const uptime = async (serviceId: string, months: number): Promise<UptimeJson | null> => {
    const service = app().config.services.find((s) => s.id === serviceId);
    if (!service) return null;
    const key = `${serviceId}\u0000${months}`;
    let range = ranges.get(key);
    if (!range) {
      range = cached(async () => uptimeOf(serviceId, months, await model.get()), ages.model);
      ranges.set(key, range);
    }
    return range.get();
  };

  const uptimeOf = async (serviceId: string, months: number, current: StatusModel): Promise<UptimeJson | null> => {
    const service = app().config.services.find((s) => s.id === serviceId);
    const shown = current.services.find((s) => s.id === serviceId);
    if (!service || !shown) return null;
    const today = Date.parse(`${shown.days.at(-1)?.date ?? now().toISOString().slice(0, 10)}T00:00:00Z`);
    const count = months * 30;
    const from = new Date(today - (count - 1) * DAY_MS);
    const to = new Date(today + DAY_MS);
    const rows = service.checks.length > 0 ? await dailyChecks(service.checks, from, to) : [];
    const perDay = new Map<string, { ok: number; total: number }>();
    for (const row of rows) {
      const day = perDay.get(row.day) ?? { ok: 0, total: 0 };
      day.ok += row.ok;
      day.total += row.total;
      perDay.set(row.day, day);
    }
    // Bars of the page's 90 days carry their incidents; older days look theirs up.
    const onPage = new Map(shown.days.map((d) => [d.date, d.incidents]));
    const older = count > shown.days.length ? await store.incidents.list({ service: serviceId }) : [];
    let ok = 0;
    let total = 0;
    const days = Array.from({ length: count }, (_, i) => {
      const start = from.getTime() + i * DAY_MS;
      const date = new Date(start).toISOString().slice(0, 10);
      const counts = perDay.get(date) ?? { ok: 0, total: 0 };
      ok += counts.ok;
      total += counts.total;
      return {
        date,
        uptime: percent(counts.ok, counts.total),
        level: dayLevel(counts.ok, counts.total, current.bars),
        incidents: onPage.get(date) ?? openDuring(older, start, now()),
      };
    });
    return {
      serviceId,
      name: shown.name,
      months,
      from: days[0]!.date,
      to: days.at(-1)!.date,
      uptime: percent(ok, total),
      days,
    };
  };

  const deps: StatusApiDeps & StatusLiveDeps & { changed(): void } = {
    model: () => model.get(),
    uptime,
    // Encoded once: the page for 50 services is ~400 KB, and each answer would encode it again.
    html: async () => once(pages, await model.get(), (m) => Buffer.from(renderStatusPage(m, { live: true }))),
    snapshot: async () =>
      once(snapshots, await model.get({ fresh: true }), (m) => JSON.stringify({ ...m, generatedAt: undefined })),
    changed: () => {
      model.drop();
      ranges.clear();
    },
  };
  return deps;
}

function once<T>(memo: WeakMap<StatusModel, T>, model: StatusModel, make: (model: StatusModel) => T): T {
  let made = memo.get(model);
  if (made === undefined) {
    made = make(model);
    memo.set(model, made);
  }
  return made;
}

/** ok / total in %, truncated to 3 decimals like the page's figures (one failure never shows as 100). */
function percent(ok: number, total: number): number | null {
  return total <= 0 ? null : Math.floor((ok / total) * 100_000) / 1000;
}

function openDuring(incidents: readonly Incident[], start: number, now: Date) {
  return incidents
    .filter((x) => x.createdAt.getTime() < start + DAY_MS && (x.resolvedAt ?? now).getTime() >= start)
    .map((x) => ({ id: x.id, title: x.title }));
}
