import { fillTemplate, readTemplate } from '../../core/templates.js';
import type { Digest, DigestAlert, DigestGroup } from '../../core/digest.js';
import { clock, dateTime, refOf, serviceOf, severityLabel } from './format.js';
import { buildOutline, type OutlineItem, type OutlineSection } from './outline.js';

/** Escapes text for HTML content and quoted attributes; every piece of alert text goes through it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The digest as one self-contained HTML page (email or a static file): no scripts, no external
 * resources, light and dark, readable at 390 px. Every alert of every group is one tap away.
 */
export function renderHtml(digest: Digest): string {
  const outline = buildOutline(digest);
  const tz = digest.window.timezone;
  const summary = outline.summary.map((l) => `<p>${escapeHtml(l)}</p>`).join('');
  const header = `<header><h1>${escapeHtml(outline.header)}</h1>${summary}</header>`;
  const sections = outline.sections.map((section) => sectionHtml(section, digest));
  const footer =
    `Generated ${escapeHtml(clock(digest.generatedAt, tz))} ${escapeHtml(tz)} by soloops` +
    (digest.id === null ? '' : ` · digest ${digest.id}`);
  return fillTemplate(
    // The template's comment is for whoever edits it, not for the person reading the digest.
    readTemplate('html/digest.html').replace(/<!--[\s\S]*?-->\s*/g, ''),
    { title: escapeHtml(outline.header), body: [header, ...sections].join('\n'), footer },
    'digest',
  );
}

/** The id of a group's block: "group-12", or "type-1a2b3c4d" for a type the digest grouped itself. */
function anchorOf(group: DigestGroup): string {
  return group.groupId === null ? `type-${escapeHtml(refOf(group))}` : `group-${group.groupId}`;
}

function sectionHtml(section: OutlineSection, digest: Digest): string {
  const tz = digest.window.timezone;
  const parts = section.items.map((item) => {
    const group = item.group;
    // Service sections hold every group; a still-firing group from an earlier night may be in none,
    // so it gets its alerts here. Everything else links to the group's block instead of repeating it.
    if (group && (section.kind === 'service' || (section.kind === 'still-firing' && !serviceOf(digest, group)))) {
      return `<li>${groupHtml(item, group, tz)}</li>`;
    }
    return `<li>${itemHead(item, true)}${itemNotes(item)}</li>`;
  });
  return `<section><h2>${escapeHtml(section.heading)}</h2>\n<ul class="items">${parts.join('\n')}</ul></section>`;
}

/** Severity, ref, title and facts; `linkRef` points the ref at the group's block further down. */
function itemHead(item: OutlineItem, linkRef: boolean): string {
  const sev = item.severity ? `<span class="sev sev-${item.severity}">${severityLabel(item.severity)}</span> ` : '';
  let ref = '';
  if (item.ref) {
    ref =
      linkRef && item.group
        ? `<a class="ref" href="#${anchorOf(item.group)}">${escapeHtml(item.ref)}</a> `
        : `<span class="ref">${escapeHtml(item.ref)}</span> `;
  }
  const facts = item.facts.length > 0 ? ` <span class="facts">· ${escapeHtml(item.facts.join(' · '))}</span>` : '';
  return `${sev}${ref}<strong>${escapeHtml(item.title)}</strong>${facts}`;
}

function itemNotes(item: OutlineItem): string {
  const notes = item.notes.map((n) => `<p>${escapeHtml(n)}</p>`).join('');
  return notes + (item.command ? `<p><code>${escapeHtml(item.command)}</code></p>` : '');
}

function groupHtml(item: OutlineItem, group: DigestGroup, tz: string): string {
  const alerts = group.alerts.map((alert) => alertHtml(alert, tz)).join('\n');
  return (
    `<details class="group ${group.severity}" id="${anchorOf(group)}">` +
    `<summary>${itemHead(item, false)}</summary>\n` +
    `${itemNotes(item)}\n${alerts}</details>`
  );
}

function alertHtml(alert: DigestAlert, tz: string): string {
  const time =
    `<time datetime="${escapeHtml(alert.receivedAt.toISOString())}">` +
    `${escapeHtml(clock(alert.receivedAt, tz))}</time>`;
  const summary = `${time} · ${escapeHtml(alert.source)} · ${escapeHtml(alert.status)} · ${escapeHtml(alert.title)}`;
  const facts = table([
    ['id', `<code>${escapeHtml(alert.id)}</code>`],
    ['received', escapeHtml(dateTime(alert.receivedAt, tz))],
    ['source', escapeHtml(alert.source)],
    ['status', escapeHtml(alert.status)],
    ['severity', severityLabel(alert.severity)],
  ]);
  const labelRows = Object.entries(alert.labels).map(([k, v]): [string, string] => [escapeHtml(k), escapeHtml(v)]);
  const labels = labelRows.length > 0 ? `<p class="muted">Labels</p>${table(labelRows)}` : '';
  const body = alert.body.trim() ? `<pre>${escapeHtml(alert.body)}</pre>` : '';
  return `<details class="alert"><summary>${summary}</summary>\n${facts}${labels}${body}${linkHtml(alert)}</details>`;
}

/** Two-column table in its own scroll box, so an unbreakable cell can never widen the page. Cells are HTML. */
function table(rows: Array<[string, string]>): string {
  const trs = rows.map(([k, v]) => `<tr><th scope="row">${k}</th><td>${v}</td></tr>`).join('');
  return `<div class="scroll"><table>${trs}</table></div>`;
}

function linkHtml(alert: DigestAlert): string {
  if (!alert.link) return '';
  // Only web links become anchors: javascript:, data: or file: from a payload stay inert text.
  if (isWebLink(alert.link)) {
    const href = escapeHtml(alert.link);
    return `<p><a href="${href}" rel="noopener noreferrer">Open in ${escapeHtml(alert.source)}</a></p>`;
  }
  return `<p class="muted">Link (not a web address, not linked): <code>${escapeHtml(alert.link)}</code></p>`;
}

function isWebLink(link: string): boolean {
  if (!URL.canParse(link)) return false;
  const { protocol } = new URL(link);
  return protocol === 'http:' || protocol === 'https:';
}
