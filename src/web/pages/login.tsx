/** The sign-in form (/console/login): "Name", "Password", "Sign in"; failures in role="alert". */
import { type FormEvent, useState } from 'react';
import { ApiFailure } from '../api.js';
import { useAuth } from '../auth.js';
import { useTitle } from '../use-api.js';

function message(error: unknown): string {
  if (error instanceof ApiFailure) {
    if (error.status === 429) {
      return `${error.message}${error.hint ? ` ${error.hint}` : ''}` || 'Too many failed sign-ins. Wait and try again.';
    }
    if (error.status === 401) return error.message || 'Wrong name or password.';
    return `${error.message}${error.hint ? ` ${error.hint}` : ''}`;
  }
  return 'The server could not be reached. Check the connection and try again.';
}

/** The login page; `reason` explains why it is shown (a session that ended), when it is known. */
export function LoginPage({ reason }: { reason: string | null }) {
  const { signIn } = useAuth();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle('Sign in');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(name.trim(), password);
    } catch (failure) {
      setError(message(failure));
      setPassword('');
      setBusy(false);
    }
  }

  return (
    <div className="login-page">
      <main id="main" className="login-card">
        <h1>Sign in to soloops</h1>
        {reason && !error && <p className="notice">{reason}</p>}
        <form onSubmit={submit} className="stack">
          <div className="field">
            <label htmlFor="login-name">Name</label>
            <input
              id="login-name"
              name="username"
              autoComplete="username"
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Password</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <div role="alert" className={error ? 'error' : undefined}>
            {error}
          </div>
          <button type="submit" className="button-primary button-block" disabled={busy}>
            Sign in
          </button>
        </form>
      </main>
    </div>
  );
}
