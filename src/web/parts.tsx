/** Small pieces several pages share. */
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

/** A failure's text for a toast: the server's message and hint. */
export function failureText(error: unknown): string {
  if (error instanceof ApiFailure) return `${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

/** Text only screen readers read (the `visually-hidden` class). */
export function ScreenReaderOnly({ children }: { children: React.ReactNode }) {
  return <span className="visually-hidden">{children}</span>;
}
