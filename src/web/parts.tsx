/** Small pieces several pages share. */
import type { ComponentProps, ReactNode } from 'react';
import { ROLES, type Role } from '../core/console.js';
import { ApiFailure } from './api.js';

/** A failed load, as a sentence with the server's hint (role="alert": it appears after the page). */
export function ErrorNote({ error, what }: { error: Error | undefined; what: string }) {
  if (!error) return null;
  const hint = error instanceof ApiFailure && error.hint ? ` ${error.hint}` : '';
  return (
    <p role="alert" className="error">
      Could not load {what}: {error.message}.{hint}
    </p>
  );
}

/** What went wrong with the person's last action (role="alert"), or nothing. */
export function FailureNote({ text }: { text: string | null | undefined }) {
  return text ? (
    <p role="alert" className="error">
      {text}
    </p>
  ) : null;
}

/** A select of the roles (viewer, reporter, admin); the rest of its props go to the <select>. */
export function RoleSelect({
  value,
  onRole,
  ...select
}: { value: Role; onRole: (role: Role) => void } & Omit<ComponentProps<'select'>, 'value' | 'onChange'>) {
  return (
    <select {...select} value={value} onChange={(e) => onRole(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r}>{r}</option>
      ))}
    </select>
  );
}

/** A failure's text for a toast: the server's message and hint. */
export function failureText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Text only screen readers read (the `visually-hidden` class). */
export function ScreenReaderOnly({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}

/**
 * A wide table's box: it scrolls sideways on a narrow screen, so it is a named, focusable region
 * (keyboard users scroll it with the arrow keys).
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1).
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
