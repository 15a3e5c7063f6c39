import type { StatusModel } from './model.js';

/** How the page is rendered. */
export interface RenderOptions {
  /**
   * Served by watch at `/status`: adds a small script that listens on `eventsUrl` (Server-Sent
   * Events) and, on each `update` event, fetches the page again and swaps its `<main>`.
   */
  live?: boolean;
  /** Where the live script listens; default `status/events` (relative, so a path prefix still works). */
  eventsUrl?: string;
}

/** The status page: one self-contained HTML document (inline CSS, no external requests). */
export function renderStatusPage(model: StatusModel, _options: RenderOptions = {}): string {
  return `<!doctype html><title>${model.title}</title>`; // STUB: the page lands in the next commit
}
