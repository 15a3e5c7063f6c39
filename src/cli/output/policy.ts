type Env = Record<string, string | undefined>;

/** Colour only for a TTY, and never with NO_COLOR, TERM=dumb, --no-color or --json (clig.dev). */
export function colorEnabled(options: { isTTY: boolean; env: Env; noColor: boolean; json: boolean }): boolean {
  const { isTTY, env, noColor, json } = options;
  if (noColor || json || !isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return true;
}

/** Spinners, ink views and prompts only when a person is watching: a TTY outside CI. */
export function interactive(options: { isTTY: boolean; env: Env }): boolean {
  return options.isTTY && !options.env.CI;
}
