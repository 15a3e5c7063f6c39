// The digest's renderers and text helpers, for src/cli (which reaches domain code only through app).

/** Renders a digest as text, md, html or json. */
export { renderDigest, type DigestFormat } from '../../digest/render/index.js';
/** The small text pieces every digest format shares (the terminal view uses them too). */
export {
  dateTime,
  groupFacts,
  groupRef,
  oneLine,
  plural,
  quietLine,
  refOf,
  severityLabel,
  totalsLine,
  wokeFacts,
  wokeMark,
  WOULD_HAVE_WOKEN_YOU,
} from '../../digest/render/format.js';
/** The span of time a digest covers. */
export type { DigestWindow } from '../../digest/window.js';
