import fs from 'node:fs';

// Templates ship in the package's templates/ folder. From this source file (vitest, tsc) and from
// dist/cli/main.js it is two folders up; tsup bundles src into flat dist/chunk-*.js files, one
// folder below the root. The file itself is checked, so a stray folder of the same name is skipped.
const ROOT_CANDIDATES = [new URL('../../templates/', import.meta.url), new URL('../templates/', import.meta.url)];
const cache = new Map<string, string | null>();

/** Reads `relative` (e.g. `html/digest.html`) from the templates folder, or null when it is absent. Cached. */
export function readOptionalTemplate(relative: string): string | null {
  let text = cache.get(relative);
  if (text === undefined) {
    const found = ROOT_CANDIDATES.map((root) => new URL(relative, root)).find((url) => fs.existsSync(url));
    text = found ? fs.readFileSync(found, 'utf8') : null;
    cache.set(relative, text);
  }
  return text;
}

/** Reads a template that must ship with the package; a missing one is a packaging bug, so it throws. */
export function readTemplate(relative: string): string {
  const text = readOptionalTemplate(relative);
  if (text === null)
    throw new Error(`template ${relative} not found; looked in ${ROOT_CANDIDATES.map((u) => u.pathname).join(', ')}`);
  return text;
}

/**
 * Fills `{{name}}` placeholders with values already escaped for the target format. A replacer
 * function is used because a replacement string would expand `$&` or `$1` found inside a value; a
 * placeholder without a value is a bug in the template, so it throws rather than ship `{{name}}`.
 */
export function fillTemplate(template: string, values: Record<string, string>, what: string): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${what} template: no value for {{${name}}}`);
    return value;
  });
}
