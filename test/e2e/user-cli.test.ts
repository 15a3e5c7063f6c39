import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyJson, AuditEntryJson, UserJson } from '../../src/core/console.js';
import { openStore } from '../../src/store/index.js';
import { secretHash, verifyPassword } from '../../src/watch/console/credentials.js';
import { binPath, makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// `soloops user …` and `soloops audit` through the built CLI (npm run build first), against a
// sandbox's SQLite database; the stored hashes are checked against what the CLI printed.

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = makeSandbox();
});
afterEach(() => sandbox.cleanup());

/** Runs the CLI as the person `ana` (the audit log's `cli:ana`), stdin empty unless `input` is given. */
const cli = (args: string[], input?: string) =>
  runCli(args, { sandbox, env: { USER: 'ana' }, ...(input !== undefined && { input }) });

/** Reads the stored user or key straight from the database, to check what the CLI wrote. */
async function stored<T>(read: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ home: sandbox.home });
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** util-linux `script` gives the CLI a real terminal (a pty); without it the terminal test is skipped. */
const noScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'util-linux `script` is not installed (it provides the pseudo-terminal)';
  }
})();
if (noScript) console.warn(`[user-cli] terminal prompt test skipped: ${noScript}`);

/**
 * Runs the CLI on a pseudo-terminal and types each answer once its question shows, so nothing
 * depends on how fast the prompt appears. Resolves with everything the terminal showed.
 */
async function onTerminal(args: string[], answers: Array<[question: string, answer: string]>) {
  const command = ['node', binPath, ...args].map((a) => `'${a}'`).join(' ');
  const child = execa('script', ['-qec', command, '/dev/null'], {
    cwd: sandbox.dir,
    env: { ...sandbox.env, CI: '', USER: 'ana' },
    reject: false,
    stdin: 'pipe',
  });
  let shown = '';
  let next = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    shown += chunk.toString('utf8');
    const answer = answers[next];
    if (answer && shown.includes(answer[0])) {
      next += 1;
      child.stdin?.write(`${answer[1]}\r`);
    }
  });
  const result = await child;
  return { exitCode: result.exitCode, shown, answered: next };
}

describe('soloops user', () => {
  it('adds users of each role; a generated password is printed once and is the one stored', async () => {
    const admin = await cli(['user', 'add', 'ana', '--role', 'admin']);
    expect(admin.exitCode, admin.stderr).toBe(0);
    // No terminal (CI=1, stdin not a TTY): a generated password, alone on stdout.
    const password = admin.stdout.trim();
    expect(password).toMatch(/^[\w-]{20}$/);
    expect(admin.stderr).toContain('added ana (admin)');
    expect(admin.stderr).toContain('will not be shown again');
    const ana = await stored((s) => s.accounts.user('ana'));
    expect(await verifyPassword(ana?.passwordHash ?? '', password)).toBe(true);

    const viewer = await cli(['--json', 'user', 'add', 'bo', '--role', 'viewer', '--generate']);
    expect(viewer.exitCode, viewer.stderr).toBe(0);
    const added = JSON.parse(viewer.stdout) as { user: UserJson; password: string };
    expect(added.user).toMatchObject({ name: 'bo', role: 'viewer', disabled: false, lastLoginAt: null });
    expect(added.user).not.toHaveProperty('passwordHash');
    expect(viewer.stderr).toContain('will not be shown again');

    const chosen = 'correct horse battery staple';
    const reporter = await cli(
      ['--json', 'user', 'add', 'cy@example.com', '--role', 'reporter', '--password-stdin'],
      `${chosen}\n`,
    );
    expect(reporter.exitCode, reporter.stderr).toBe(0);
    expect(JSON.parse(reporter.stdout)).toEqual({ user: expect.objectContaining({ name: 'cy@example.com' }) });
    const cy = await stored((s) => s.accounts.user('cy@example.com'));
    expect(await verifyPassword(cy?.passwordHash ?? '', chosen)).toBe(true);

    const list = await cli(['--json', 'user', 'list']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).not.toContain('argon2');
    const { users } = JSON.parse(list.stdout) as { users: UserJson[] };
    expect(users.map((u) => [u.name, u.role])).toEqual([
      ['ana', 'admin'],
      ['bo', 'viewer'],
      ['cy@example.com', 'reporter'],
    ]);
    const text = await cli(['user', 'list']);
    expect(text.stdout).toMatch(/^bo +viewer +enabled/m);
  });

  it.skipIf(noScript !== undefined)(
    'asks twice for the password on a terminal, and refuses two that differ',
    async () => {
      const typed = 'typed-on-the-terminal';
      const ok = await onTerminal(
        ['user', 'add', 'ana', '--role', 'admin'],
        [
          ['Password (at least 12', typed],
          ['The same password again', typed],
        ],
      );
      expect(ok.exitCode, ok.shown).toBe(0);
      expect(ok.answered).toBe(2);
      expect(ok.shown).toContain('added ana (admin)');
      expect(ok.shown).not.toContain(typed);
      expect(await verifyPassword((await stored((s) => s.accounts.user('ana')))?.passwordHash ?? '', typed)).toBe(true);

      const differ = await onTerminal(
        ['user', 'reset-password', 'ana'],
        [
          ['Password (at least 12', 'first-long-password'],
          ['The same password again', 'other-long-password'],
        ],
      );
      expect(differ.exitCode, differ.shown).toBe(2);
      expect(differ.shown).toContain('the two passwords differ');
      expect(await verifyPassword((await stored((s) => s.accounts.user('ana')))?.passwordHash ?? '', typed)).toBe(true);
    },
  );

  it('refuses a bad role, a bad name, a taken name and a short password with exit 2 and a hint', async () => {
    const role = await cli(['user', 'add', 'ana', '--role', 'boss']);
    expect(role.exitCode).toBe(2);
    expect(role.stderr).toContain('unknown role "boss"');
    expect(role.stderr).toContain('viewer, reporter, admin');
    const name = await cli(['user', 'add', 'ana lima', '--role', 'admin']);
    expect(name.exitCode).toBe(2);
    expect(name.stderr).toContain('not a valid user name');

    expect((await cli(['user', 'add', 'ana', '--role', 'admin'])).exitCode).toBe(0);
    const again = await cli(['user', 'add', 'ana', '--role', 'viewer', '--generate']);
    expect(again.exitCode).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toContain('a user named ana already exists');
    expect(again.stderr).toContain('hint: ');
    const short = await cli(['user', 'add', 'bo', '--role', 'viewer', '--password-stdin'], 'short\n');
    expect(short.exitCode).toBe(2);
    expect(short.stderr).toContain('at least 12');
    expect((await cli(['user', 'set-role', 'nobody', 'admin'])).exitCode).toBe(2);
    expect((await cli(['user', 'set-role', 'ana', 'root'])).exitCode).toBe(2);
    const users = await stored((s) => s.accounts.listUsers());
    expect(users.map((u) => [u.name, u.role])).toEqual([['ana', 'admin']]);
  });

  it('changes roles, disables (ending sessions) and enables, resets passwords', async () => {
    await cli(['user', 'add', 'bo', '--role', 'viewer']);
    const role = await cli(['--json', 'user', 'set-role', 'bo', 'reporter']);
    expect(JSON.parse(role.stdout)).toMatchObject({ user: { name: 'bo', role: 'reporter' }, changed: true });

    const bo = await stored(async (s) => {
      const user = await s.accounts.user('bo');
      const now = new Date();
      const later = new Date(now.getTime() + 3_600_000);
      const session = { accessHash: 'a1', refreshHash: 'r1', accessExpiresAt: later, refreshExpiresAt: later };
      await s.accounts.createSession({ userId: user?.id ?? 0, ...session, address: null }, now);
      return user;
    });
    const disabled = await cli(['user', 'disable', 'bo']);
    expect(disabled.exitCode, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('disabled bo');
    expect(await stored((s) => s.accounts.sessionByAccess('a1'))).toBeNull();
    expect((await stored((s) => s.accounts.user('bo')))?.disabled).toBe(true);
    expect(JSON.parse((await cli(['--json', 'user', 'enable', 'bo'])).stdout)).toMatchObject({
      user: { disabled: false },
      changed: true,
    });
    // Allowed from the CLI (it is how a locked-out console is repaired), with a warning.
    expect((await cli(['user', 'set-role', 'bo', 'admin'])).stderr).not.toContain('last enabled admin');
    const lastAdmin = await cli(['user', 'disable', 'bo']);
    expect(lastAdmin.exitCode).toBe(0);
    expect(lastAdmin.stderr).toContain('that was the last enabled admin');
    await cli(['user', 'enable', 'bo']);

    const reset = await cli(['user', 'reset-password', 'bo']);
    expect(reset.exitCode, reset.stderr).toBe(0);
    const fresh = reset.stdout.trim();
    const after = await stored((s) => s.accounts.user('bo'));
    expect(after?.passwordHash).not.toBe(bo?.passwordHash);
    expect(await verifyPassword(after?.passwordHash ?? '', fresh)).toBe(true);
    const chosen = await cli(['--json', 'user', 'reset-password', 'bo', '--password-stdin'], 'a-new-long-password');
    expect(JSON.parse(chosen.stdout)).not.toHaveProperty('password');
    expect(
      await verifyPassword((await stored((s) => s.accounts.user('bo')))?.passwordHash ?? '', 'a-new-long-password'),
    ).toBe(true);
  });

  it('creates API keys shown once (only their hash stored), lists and revokes them by id or prefix', async () => {
    const created = await cli(['user', 'key', 'create', '--name', 'ci', '--role', 'reporter']);
    expect(created.exitCode, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^sok_[\w-]{43}$/);
    expect(created.stderr).toContain('will not be shown again');
    const byHash = await stored((s) => s.accounts.keyByHash(secretHash(secret)));
    expect(byHash).toMatchObject({ name: 'ci', role: 'reporter', prefix: secret.slice(0, 12), createdBy: 'cli:ana' });

    const second = JSON.parse(
      (await cli(['--json', 'user', 'key', 'create', '--name', 'grafana', '--role', 'viewer'])).stdout,
    );
    expect(second.secret).toMatch(/^sok_/);

    const list = await cli(['--json', 'user', 'key', 'list']);
    expect(list.stdout).not.toContain(secret);
    const { keys } = JSON.parse(list.stdout) as { keys: ApiKeyJson[] };
    expect(keys.map((k) => [k.name, k.revokedAt])).toEqual([
      ['ci', null],
      ['grafana', null],
    ]);

    const byPrefix = await cli(['user', 'key', 'revoke', secret.slice(0, 12)]);
    expect(byPrefix.exitCode, byPrefix.stderr).toBe(0);
    expect(await stored((s) => s.accounts.keyByHash(secretHash(secret)))).toBeNull();
    const byId = await cli(['--json', 'user', 'key', 'revoke', String(second.key.id)]);
    expect(JSON.parse(byId.stdout)).toMatchObject({ key: { name: 'grafana' }, changed: true });
    const none = await cli(['user', 'key', 'revoke', 'sok_nothere']);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain('user key list');
    expect((await cli(['user', 'key', 'create', '--name', 'x', '--role', 'owner'])).exitCode).toBe(2);
  });

  it('soloops audit lists every change newest first, with --since and --json', async () => {
    await cli(['user', 'add', 'bo', '--role', 'viewer']);
    await cli(['user', 'set-role', 'bo', 'admin']);
    await cli(['user', 'disable', 'bo']);
    await cli(['user', 'enable', 'bo']);
    await cli(['user', 'reset-password', 'bo', '--generate']);
    const key = (await cli(['user', 'key', 'create', '--name', 'ci', '--role', 'viewer'])).stdout.trim();
    await cli(['user', 'key', 'revoke', key.slice(0, 12)]);

    const json = await cli(['--json', 'audit', '--since', '1h']);
    expect(json.exitCode, json.stderr).toBe(0);
    const { entries } = JSON.parse(json.stdout) as { entries: AuditEntryJson[] };
    expect(entries.map((e) => e.action)).toEqual([
      'key.revoke',
      'key.create',
      'user.password',
      'user.enable',
      'user.disable',
      'user.role',
      'user.create',
    ]);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['cli:ana']));
    expect(new Set(entries.map((e) => e.address))).toEqual(new Set([null]));
    expect(entries.at(-1)).toMatchObject({ target: 'bo', detail: { role: 'viewer' } });
    expect(entries[0]?.target).toBe(key.slice(0, 12));
    expect(json.stdout).not.toContain(key);

    const future = await cli(['--json', 'audit', '--since', new Date(Date.now() + 3_600_000).toISOString()]);
    expect(JSON.parse(future.stdout)).toEqual({ entries: [] });
    const limited = await cli(['--json', 'audit', '--limit', '2']);
    expect((JSON.parse(limited.stdout) as { entries: AuditEntryJson[] }).entries).toHaveLength(2);
    const text = await cli(['audit']);
    expect(text.stdout).toMatch(/cli:ana +user\.role +bo/);
    const bad = await cli(['audit', '--since', 'yesterday']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--since');
  });
});
