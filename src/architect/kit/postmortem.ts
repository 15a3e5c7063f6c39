import { readTemplate } from '../../core/templates.js';
import type { KitFile } from './kit.js';

/**
 * The postmortem template: the kit writes it as it is, and `soloops incident postmortem` fills the
 * same file, so what a plan ships and what the command prints never drift apart.
 */
export const POSTMORTEM_TEMPLATE = 'architect/POSTMORTEM.md.tmpl';

/**
 * Every `{{placeholder}}` the filler knows (src/app/incident/postmortem.ts gives each a value; its
 * type makes a missing one a compile error). The shipped template uses only these.
 */
export const POSTMORTEM_PLACEHOLDERS = [
  'id',
  'title',
  'status',
  'severity',
  'priority',
  'service',
  'services',
  'description',
  'reporter',
  'detection',
  'opened',
  'resolved',
  'duration',
  'timezone',
  'timeline',
  'sla_effect',
  'generated',
] as const;
export type PostmortemPlaceholder = (typeof POSTMORTEM_PLACEHOLDERS)[number];

/** `{{ name }}`, spaces allowed, as people type them in their own templates. */
export const PLACEHOLDER_PATTERN = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** The built-in postmortem template, placeholders intact. */
export function postmortemTemplate(): string {
  return readTemplate(POSTMORTEM_TEMPLATE);
}

export const postmortemFile: KitFile = {
  path: 'POSTMORTEM.md',
  purpose: 'blameless postmortem template; `soloops incident postmortem ID --template POSTMORTEM.md` fills it',
  render: () => postmortemTemplate(),
};
