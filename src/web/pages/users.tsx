/**
 * Users (/console/users, admins): the accounts — add one (its generated password shown once),
 * change a role, disable or enable, reset a password — and the API keys below.
 */
import { type FormEvent, useId, useState } from 'react';
import type { Role, UserJson } from '../../core/console.js';
import { api, post } from '../api.js';
import { useMe } from '../auth.js';
import { when } from '../format.js';
import { ErrorNote, failureText, RoleSelect, TableWrap } from '../parts.js';
import { toast } from '../toasts.js';
import { useApi, useTitle } from '../use-api.js';
import { ApiKeys, OnceSecret, type Secret } from './keys.js';

type Users = { users: UserJson[] };

function AddUser({ onAdded }: { onAdded: (user: UserJson, password: string | undefined) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [error, setError] = useState<string | null>(null);
  const nameId = useId();
  const roleId = useId();
  const headingId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const answer = await post<{ user: UserJson; password?: string }>('/api/users', { name: name.trim(), role });
      onAdded(answer.user, answer.password);
      setName('');
    } catch (failure) {
      setError(failureText(failure));
    }
  }

  return (
    <form className="card" aria-labelledby={headingId} onSubmit={submit}>
      <h2 id={headingId}>Add user</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input id={nameId} required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <RoleSelect id={roleId} value={role} onRole={setRole} />
        </div>
        <button type="submit" className="button-primary">
          Add user
        </button>
      </div>
      <div role="alert" className={error ? 'error' : undefined}>
        {error}
      </div>
    </form>
  );
}

function UserRow(props: {
  user: UserJson;
  self: boolean;
  onChanged: (u: UserJson) => void;
  onPassword: (p: Secret) => void;
}) {
  const { user, self, onChanged, onPassword } = props;
  const [busy, setBusy] = useState(false);

  async function change(body: { role?: Role; disabled?: boolean }, done: string) {
    setBusy(true);
    try {
      const answer = await api<{ user: UserJson }>('PATCH', `/api/users/${user.id}`, body);
      onChanged(answer.user);
      toast(done);
    } catch (failure) {
      toast(`Not changed: ${failureText(failure)}`, 'error');
    } finally {
      setBusy(false);
    }
  }

  async function resetPassword() {
    if (!confirm(`Reset the password of ${user.name}? Their current password stops working.`)) return;
    try {
      const answer = await post<{ password?: string }>(`/api/users/${user.id}/password`, {});
      if (answer.password) onPassword({ label: `New password for ${user.name}`, value: answer.password });
      else toast(`Password of ${user.name} reset.`);
    } catch (failure) {
      toast(`Password not reset: ${failureText(failure)}`, 'error');
    }
  }

  return (
    <tr>
      <th scope="row">
        {user.name}
        {self && <span className="muted"> (you)</span>}
      </th>
      <td>
        <RoleSelect
          aria-label={`Role of ${user.name}`}
          value={user.role}
          disabled={busy || self}
          onRole={(role) => void change({ role }, `${user.name} is now ${role}.`)}
        />
      </td>
      <td>{user.disabled ? 'disabled' : 'active'}</td>
      <td className="nowrap">{when(user.lastLoginAt)}</td>
      <td>
        <div className="row-actions">
          <button
            type="button"
            disabled={busy || self}
            onClick={() =>
              void change({ disabled: !user.disabled }, `${user.name} ${user.disabled ? 'enabled' : 'disabled'}.`)
            }
          >
            {user.disabled ? 'Enable' : 'Disable'}
          </button>
          <button type="button" onClick={() => void resetPassword()}>
            Reset password
          </button>
        </div>
      </td>
    </tr>
  );
}

/** The users page. */
export function UsersPage() {
  useTitle('Users');
  const me = useMe();
  const users = useApi<Users>('/api/users');
  const { setData } = users;
  const [secret, setSecret] = useState<Secret | null>(null);
  const changed = (u: UserJson) =>
    setData((current) => current && { users: current.users.map((x) => (x.id === u.id ? u : x)) });

  return (
    <>
      <h1>Users</h1>
      {secret && <OnceSecret secret={secret} onDone={() => setSecret(null)} />}
      <AddUser
        onAdded={(user, password) => {
          setData((current) => current && { users: [...current.users, user] });
          if (password) setSecret({ label: `Password for ${user.name}`, value: password });
          else toast(`${user.name} added.`);
        }}
      />
      <ErrorNote error={users.error} what="the users" />
      {users.data && (
        <TableWrap label="Users table">
          <table>
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users.data.users.map((u) => (
                <UserRow key={u.id} user={u} self={u.id === me.user.id} onChanged={changed} onPassword={setSecret} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <ApiKeys onSecret={setSecret} />
    </>
  );
}
