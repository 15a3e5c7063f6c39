import type { Severity } from '../../core/alert.js';
import type { Digest, DigestGroup, WakeOutcome } from '../../core/digest.js';
import {
  checkFacts,
  groupFacts,
  oneLine,
  plural,
  quietLine,
  refOf,
  serviceOf,
  since,
  spendLine,
  stillFiringSorted,
  totalsLine,
  wokeFacts,
  wokenGroups,
  WOULD_HAVE_WOKEN_YOU,
} from './format.js';

/**
 * One entry of a digest section (a group, a check or a delivery problem) as plain, unescaped text.
 * Every renderer walks the same outline, so the terminal, Markdown, HTML and chat digests can only
 * differ in decoration, never in what they say or in which order.
 */
export interface OutlineItem {
  severity: Severity | null;
  /** "#12" for groups, so `soloops digest show 12` can be pasted. */
  ref: string | null;
  title: string;
  /** Short facts shown after the title: counts, times, resolution. */
  facts: string[];
  /** Sentences shown under the item: the summary, why it is marked as firing often. */
  notes: string[];
  /** A command to paste, shown on its own line (code in Markdown, HTML and chat). */
  command: string | null;
  /** The group behind a group entry, for renderers that show every alert (HTML). */
  group: DigestGroup | null;
}

/** A titled part of the digest. */
export interface OutlineSection {
  kind: 'woke' | 'would-have-woken' | 'wake-failed' | 'still-firing' | 'service' | 'checks' | 'delivery';
  heading: string;
  items: OutlineItem[];
}

/** The digest as renderers see it: a header, summary lines, then sections in display order. */
export interface Outline {
  header: string;
  /** The totals line, or the quiet-night line and the month's spend. */
  summary: string[];
  quiet: boolean;
  sections: OutlineSection[];
}

export { QUIET_NIGHT } from './format.js';

/** Builds the shared outline: woke you, still firing, each service, health checks, delivery problems. */
export function buildOutline(digest: Digest): Outline {
  const tz = digest.window.timezone;
  const quiet = quietLine(digest);
  const spend = spendLine(digest);
  const woken = (outcome: WakeOutcome) =>
    wokenGroups(digest, outcome).map(({ service, group }) => ({
      ...groupItem(group, `${service}: ${oneLine(group.title)}`),
      facts: wokeFacts(group, tz),
    }));
  const sections: OutlineSection[] = [
    { kind: 'woke', heading: 'Woke you', items: woken('woke') },
    {
      kind: 'would-have-woken',
      heading: `${WOULD_HAVE_WOKEN_YOU.charAt(0).toUpperCase()}${WOULD_HAVE_WOKEN_YOU.slice(1)}`,
      items: woken('no-channel'),
    },
    { kind: 'wake-failed', heading: 'Tried to wake you: every attempt failed', items: woken('not-reached') },
    {
      kind: 'still-firing',
      heading: 'Still firing',
      items: stillFiringSorted(digest).map((group) => {
        const service = serviceOf(digest, group);
        const title = service ? `${service}: ${oneLine(group.title)}` : oneLine(group.title);
        // A group from an earlier night has no alert in this window: its count is of the alerts before.
        const count =
          group.count > 0
            ? plural(group.count, 'alert')
            : `${plural(group.totalCount ?? 0, 'alert')} before this window`;
        return { ...groupItem(group, title), facts: [`firing since ${since(group.firstSeen, digest.window)}`, count] };
      }),
    },
    ...digest.services.map(
      (service): OutlineSection => ({
        kind: 'service',
        heading: `${service.service} (${plural(service.count, 'alert')})`,
        items: service.groups.map((group) => ({
          ...groupItem(group, oneLine(group.title)),
          facts: groupFacts(group, tz),
          notes: [oneLine(group.summary), ...(group.pattern ? [`fires often: ${oneLine(group.pattern.reason)}`] : [])],
          command: group.pattern?.suggestion ?? null,
        })),
      }),
    ),
    {
      kind: 'checks',
      heading: 'Health checks',
      items: digest.checks.map((check) => plainItem(check.check, checkFacts(check, tz))),
    },
    {
      kind: 'delivery',
      heading: 'Problems',
      items: digest.deliveryProblems.map((problem) => plainItem(oneLine(problem), [])),
    },
  ];
  return {
    header: `Morning digest · ${digest.window.label}`,
    summary: quiet ? [quiet, spend.charAt(0).toUpperCase() + spend.slice(1)] : [totalsLine(digest)],
    quiet: quiet !== null,
    // An empty "Woke you" or "Problems" heading is noise; the totals line already says 0.
    sections: sections.filter((s) => s.items.length > 0),
  };
}

function groupItem(group: DigestGroup, title: string): OutlineItem {
  return { severity: group.severity, ref: refOf(group), title, facts: [], notes: [], command: null, group };
}

function plainItem(title: string, facts: string[]): OutlineItem {
  return { severity: null, ref: null, title, facts, notes: [], command: null, group: null };
}
