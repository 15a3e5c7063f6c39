/** Small display helpers shared by the incident pages. */

const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A time for people in their own zone, with the exact instant in `dateTime` (and as a tooltip). */
export function Time({ iso }: { iso: string | null }) {
  if (!iso) return <span>—</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toISOString()}>
      {formatter.format(date)}
    </time>
  );
}

/** "P2 (auto)" when the server classified it. */
export function priorityText(incident: { priority: string; priorityAuto: boolean }): string {
  return incident.priorityAuto ? `${incident.priority} (auto)` : incident.priority;
}

/** The shell's pill colour of a status: open and unexplained is bad, resolved is ok, the rest in between. */
const STATUS_PILL: Record<string, string> = { investigating: 'pill pill-bad', resolved: 'pill pill-ok' };

/** A status or severity as the shell's pill (the word carries the meaning; the colour only helps). */
export function Badge({ kind, value }: { kind: 'status' | 'severity'; value: string }) {
  return <span className={kind === 'status' ? (STATUS_PILL[value] ?? 'pill') : `sev sev-${value}`}>{value}</span>;
}

/**
 * A 400 naming one field (`title: an incident needs a title`, as the API words them) as that
 * field's error; null for any other failure.
 */
export function serverFieldError<F extends string>(
  error: unknown,
  fields: readonly F[],
): { field: F; message: string } | null {
  if (!(error instanceof Error) || (error as { status?: number }).status !== 400) return null;
  const colon = error.message.indexOf(': ');
  const field = error.message.slice(0, colon) as F;
  return colon > 0 && fields.includes(field) ? { field, message: error.message.slice(colon + 2) } : null;
}
