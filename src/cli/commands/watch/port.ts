import { UserError } from '../../../core/errors.js';

/** `--port` of `watch` and `watch status`: a whole number from 0 to 65535 (0: any free port), or undefined. */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (value.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`--port must be a number from 0 to 65535, got "${value}"`, 'e.g. --port 9117');
  return port;
}
