// What the triage commands read and print, for src/cli (which reaches domain code only through app).

/** Opens a file of alerts, with hints for a missing file or a folder. */
export { openInputFile } from '../../sources/input/payload-reader.js';
/** One `--json` line of a triage result. */
export { triageJsonLine } from '../../triage/output.js';
/** The evaluation report as text: confusion matrix, critical recall, nights saved, accuracy. */
export { formatScore } from '../../triage/score.js';
