/**
 * API keys (on the Users page): create one for a script (its secret shown once), list, revoke;
 * and the box that shows a generated password or key exactly once.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { ApiKeyJson, Role } from '../../core/console.js';
import { del, post } from '../api.js';
import { when } from '../format.js';
import { ErrorNote, failureText, RoleSelect, TableWrap } from '../parts.js';
import { toast } from '../toasts.js';
import { useApi } from '../use-api.js';

/** A secret to show once: a generated password or a new API key. */
export interface Secret {
  label: string;
  value: string;
}

/** A password or key shown once, with a copy button; focus moves to it so nobody misses it. */
export function OnceSecret({ secret, onDone }: { secret: Secret; onDone: () => void }) {
  const box = useRef<HTMLElement>(null);
  const headingId = useId();
  useEffect(() => box.current?.focus(), []);
  return (
    <section ref={box} tabIndex={-1} className="card secret" aria-labelledby={headingId}>
      <h2 id={headingId}>{secret.label}</h2>
      <p>Copy it now: it is shown only this once.</p>
      <p>
        <code className="secret-value">{secret.value}</code>
      </p>
      <div className="row-actions">
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(secret.value).then(
              () => toast('Copied.'),
              () => toast('Could not copy: select the text and copy it by hand.', 'error'),
            )
          }
        >
          Copy
        </button>
        <button type="button" className="button-quiet" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

/** The API keys section. */
export function ApiKeys({ onSecret }: { onSecret: (s: Secret) => void }) {
  const keys = useApi<{ keys: ApiKeyJson[] }>('/api/keys');
  const { setData } = keys;
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reporter');
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const roleId = useId();

  async function create(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const answer = await post<{ key: ApiKeyJson; secret: string }>('/api/keys', { name: name.trim(), role });
      setData((current) => current && { keys: [answer.key, ...current.keys] });
      onSecret({ label: `API key ${answer.key.name}`, value: answer.secret });
      setName('');
    } catch (failure) {
      setError(failureText(failure));
    }
  }

  async function revoke(key: ApiKeyJson) {
    if (!confirm(`Revoke the API key ${key.name}? Scripts using it stop working.`)) return;
    try {
      const answer = await del<{ key: ApiKeyJson }>(`/api/keys/${key.id}`);
      setData((current) => current && { keys: current.keys.map((k) => (k.id === key.id ? answer.key : k)) });
      toast(`API key ${key.name} revoked.`);
    } catch (failure) {
      toast(`Not revoked: ${failureText(failure)}`, 'error');
    }
  }

  return (
    <section aria-labelledby="keys-heading">
      <h2 id="keys-heading">API keys</h2>
      <form className="card" aria-label="Create API key" onSubmit={create}>
        <div className="filters">
          <div className="field">
            <label htmlFor={nameId}>Key name</label>
            <input id={nameId} required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={roleId}>Key role</label>
            <RoleSelect id={roleId} value={role} onRole={setRole} />
          </div>
          <button type="submit" className="button-primary">
            Create key
          </button>
        </div>
        <div role="alert" className={error ? 'error' : undefined}>
          {error}
        </div>
      </form>
      <ErrorNote error={keys.error} what="the API keys" />
      {keys.data && keys.data.keys.length === 0 && <p className="muted">No API keys yet.</p>}
      {keys.data && keys.data.keys.length > 0 && (
        <TableWrap label="API keys table">
          <table>
            <caption className="visually-hidden">API keys</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {keys.data.keys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.prefix}…</code>
                  </td>
                  <td>{k.role}</td>
                  <td className="nowrap">
                    {when(k.createdAt)} <span className="muted">by {k.createdBy}</span>
                  </td>
                  <td className="nowrap">{when(k.lastUsedAt)}</td>
                  <td>
                    {k.revokedAt ? (
                      `revoked ${when(k.revokedAt)}`
                    ) : (
                      <button type="button" onClick={() => void revoke(k)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
