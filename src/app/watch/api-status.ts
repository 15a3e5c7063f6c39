import type { Incident } from '../../core/incident.js';
import { dayLevel, loadStatusModel, renderStatusPage, type StatusModel } from '../../incident/status/index.js';
import type { Store } from '../../store/types.js';
import type { StatusApiDeps, UptimeJson } from '../../watch/http/api-status.js';
import type { StatusLiveDeps } from '../../watch/http/status-live.js';
import type { AppContext } from '../context.js';

const DAY_MS = 86_400_000;
/**
 * How long a computed model (and an uptime range) is reused. Under load every read in that second
 * shares one computation; a write through the API drops it, so its own answer is never stale.
 */
export const MODEL_MAX_AGE_MS = 1_000;

/** A value computed at most once per `maxAgeMs` (concurrent callers share the computation). */
function cached<T>(load: () => Promise<T>, maxAgeMs: number) {
  let entry: { at: number; value: Promise<T> } | null = null;
  return {
    get(): Promise<T> {
      if (!entry || Date.now() - entry.at > maxAgeMs) {
        const value = load();
        const mine = { at: Date.now(), value };
        entry = mine;
        // A failed read is not kept: the next request tries the store again.
        value.catch(() => {
          if (entry === mine) entry = null;
        });
      }
      return entry.value;
    },
    drop: () => {
      entry = null;
    },
  };
}

/** The status model, uptime ranges and the live page over the daemon's open store. */
export function statusApi(app: () => AppContext, store: Store, now: () => Date, maxAgeMs = MODEL_MAX_AGE_MS) {
  const configOf = () => {
    const { services, status, checks } = app().config;
    return { services, status, checks };
  };
  const model = cached(() => loadStatusModel(store, configOf(), now()), maxAgeMs);
  const ranges = new Map<string, ReturnType<typeof cached<UptimeJson | null>>>();

  const uptime = async (serviceId: string, months: number): Promise<UptimeJson | null> => {
    const service = app().config.services.find((s) => s.id === serviceId);
    if (!service) return null;
    const key = `${serviceId}\u0000${months}`;
    let range = ranges.get(key);
    if (!range) {
      range = cached(async () => uptimeOf(serviceId, months, await model.get()), maxAgeMs);
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
    const rows = service.checks.length > 0 ? await store.sla.dailyChecks(service.checks, from, to) : [];
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
    html: async () => renderStatusPage(await model.get(), { live: true }),
    snapshot: async () => JSON.stringify({ ...(await model.get()), generatedAt: undefined }),
    changed: () => {
      model.drop();
      ranges.clear();
    },
  };
  return deps;
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
