import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { makeSandbox, runCli, type Sandbox } from './cli.js';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.js';
import { createDatabase, type RunningPostgres } from './postgres.js';
import { startWatchDaemon, type WatchDaemon } from './watch-daemon.js';

// Several `soloops watch` child processes sharing one real PostgreSQL database (issue 17's high
// availability): each node has its own sandbox (home, state file, config) and SOLOOPS_NODE name,
// and all of them point Twilio at one fake on loopback, so the test sees every call any node made.

/** The `leader` object a daemon reports in /healthz and `watch status --json`. */
export interface LeaderView {
  /** This daemon's node name (SOLOOPS_NODE). */
  node: string;
  leading: boolean;
  /** The node that leads now, as the database says. */
  holder: string | null;
  /** The current fencing token; counts up at each change of leader. */
  token: number;
}

/** One named daemon of the cluster; `daemon` is null until started and after it was killed. */
export interface ClusterNode {
  name: string;
  sandbox: Sandbox;
  daemon: WatchDaemon | null;
}

/** A leader every live daemon agrees on: exactly one leads, and every daemon names it as the holder. */
export interface AgreedLeader {
  node: ClusterNode;
  token: number;
  /** When the poll first saw this agreement (Date.now()). */
  seenAt: number;
}

export interface WatchCluster {
  /** The database every node shares (a fresh one on the server). */
  dbUrl: string;
  twilio: FakeTwilio;
  nodes: ClusterNode[];
  node(name: string): ClusterNode;
  /** Starts (or restarts) a node's daemon; resolves once it listens. */
  start(name: string): Promise<WatchDaemon>;
  /** The daemons that run now. */
  live(): ClusterNode[];
  /** This node's `leader` from /healthz (any status: a 503 body says who leads too); throws when it does not answer. */
  leaderView(name: string): Promise<LeaderView>;
  /**
   * Polls /healthz of `among` (default: the live nodes) until exactly one leads and all agree on
   * holder and token (and the token is above `after`, if given); throws with every daemon's stderr
   * after `deadlineMs` (a bound for a failure message, not a timing assertion).
   */
  leaderOf(among?: ClusterNode[], options?: { deadlineMs?: number; after?: number }): Promise<AgreedLeader>;
  /** SIGKILLs the node's daemon and waits until it is gone; returns when the signal was sent. */
  kill9(name: string): Promise<number>;
  /** pg_terminate_backend on every connection of the node (application_name `soloops-watch:<node>`); how many. */
  cutConnections(name: string): Promise<number>;
  /** One query on the shared database, on a connection of its own. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** `soloops --json watch status` in the node's sandbox, parsed. */
  status(name: string): Promise<Record<string, unknown>>;
  /** GET /metrics of the node. */
  metrics(name: string): Promise<string>;
  /** Every node's stderr, for failure messages. */
  logs(): string;
  /** Kills every daemon, closes the fake Twilio and removes the sandboxes (the database stays on the server). */
  stop(): Promise<void>;
}

/** Options for {@link startWatchCluster}. */
export interface ClusterOptions {
  /** Node names (SOLOOPS_NODE), one daemon each. */
  nodes: string[];
  /** soloops.yaml for every node; Twilio credentials are in TWILIO_ACCOUNT_SID / TWILIO_AUTH_TOKEN. */
  config: string;
  /** Start the daemons (all at once); default true. */
  start?: boolean;
}

/** The `wake.twilio` section pointing at the cluster's fake (the env names the cluster sets). */
export const TWILIO_SECTION =
  'twilio: {account_sid: {env: TWILIO_ACCOUNT_SID}, auth_token: {env: TWILIO_AUTH_TOKEN}, ' +
  'from: "+15005550006", to: "+821012345678"}';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fresh database on `server`, a fake Twilio, and one sandbox + daemon per node. */
export async function startWatchCluster(server: RunningPostgres, options: ClusterOptions): Promise<WatchCluster> {
  const dbUrl = await createDatabase(server);
  const twilio = await startFakeTwilio();
  const nodes: ClusterNode[] = options.nodes.map((name) => {
    const sandbox = makeSandbox();
    Object.assign(sandbox.env, {
      SOLOOPS_NODE: name,
      SOLOOPS_DB_URL: dbUrl,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilio.authToken,
      SOLOOPS_TWILIO_API_URL: twilio.url,
      // JSON log lines on stderr, whatever the test runner's environment says.
      NO_COLOR: '1',
    });
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), options.config);
    return { name, sandbox, daemon: null };
  });
  // Stderr of daemons that were killed, kept for failure messages.
  const past: string[] = [];

  const node = (name: string) => {
    const found = nodes.find((n) => n.name === name);
    if (!found) throw new Error(`no node ${name} in the cluster`);
    return found;
  };
  const live = () => nodes.filter((n) => n.daemon !== null);
  const running = (name: string) => {
    const { daemon } = node(name);
    if (!daemon) throw new Error(`node ${name} is not running`);
    return daemon;
  };
  const logs = () =>
    [...past, ...live().map((n) => `--- ${n.name} (running) stderr ---\n${n.daemon!.stderr().slice(-6000)}`)].join(
      '\n',
    );

  const leaderView = async (name: string): Promise<LeaderView> => {
    const response = await fetch(`${running(name).url}/healthz`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json()) as { leader?: LeaderView };
    if (!body.leader) throw new Error(`/healthz of ${name} has no leader: ${JSON.stringify(body)}`);
    return { ...body.leader, token: Number(body.leader.token) };
  };

  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  const cluster: WatchCluster = {
    dbUrl,
    twilio,
    nodes,
    node,
    live,
    leaderView,
    logs,
    query,
    async start(name) {
      const n = node(name);
      if (n.daemon) throw new Error(`node ${name} is already running`);
      n.daemon = await startWatchDaemon(n.sandbox);
      return n.daemon;
    },
    async leaderOf(among = live(), { deadlineMs = 30_000, after } = {}) {
      const until = Date.now() + deadlineMs;
      let last = '';
      for (;;) {
        const views = await Promise.all(
          among.map((n) =>
            leaderView(n.name).then(
              (view) => ({ n, view }),
              (error: Error) => ({ n, view: null, error: error.message }),
            ),
          ),
        );
        const seenAt = Date.now();
        const answered = views.filter((v) => v.view !== null) as Array<{ n: ClusterNode; view: LeaderView }>;
        const leading = answered.filter((v) => v.view.leading);
        const agreed =
          answered.length === among.length &&
          leading.length === 1 &&
          answered.every((v) => v.view.holder === leading[0]!.n.name && v.view.token === leading[0]!.view.token) &&
          leading[0]!.view.node === leading[0]!.n.name &&
          (after === undefined || leading[0]!.view.token > after);
        if (agreed) return { node: leading[0]!.n, token: leading[0]!.view.token, seenAt };
        last = JSON.stringify(views.map((v) => ({ node: v.n.name, ...v })).map(({ n: _n, ...rest }) => rest));
        if (Date.now() > until)
          throw new Error(`no agreed leader within ${deadlineMs} ms; last answers: ${last}\n${logs()}`);
        await sleep(100);
      }
    },
    async kill9(name) {
      const n = node(name);
      const daemon = running(name);
      const at = Date.now();
      daemon.child.kill('SIGKILL');
      await daemon.exited;
      past.push(`--- ${name} (killed) stderr ---\n${daemon.stderr().slice(-6000)}`);
      n.daemon = null;
      return at;
    },
    async cutConnections(name) {
      const rows = await query<{ cut: boolean }>(
        'select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = $1',
        [`soloops-watch:${name}`],
      );
      return rows.filter((r) => r.cut).length;
    },
    async status(name) {
      const n = node(name);
      const result = await runCli(['--json', 'watch', 'status'], { sandbox: n.sandbox });
      if (result.exitCode !== 0)
        throw new Error(`watch status on ${name} exited ${result.exitCode}:\n${result.stderr}`);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    },
    async metrics(name) {
      const response = await fetch(`${running(name).url}/metrics`, { signal: AbortSignal.timeout(5_000) });
      return response.text();
    },
    async stop() {
      for (const n of live()) await cluster.kill9(n.name).catch(() => undefined);
      await twilio.close();
      for (const n of nodes) n.sandbox.cleanup();
    },
  };
  if (options.start !== false) await Promise.all(nodes.map((n) => cluster.start(n.name)));
  return cluster;
}

/** `soloops_leader{node="a"} 1` and `soloops_leader_token 3` from a /metrics text; undefined when absent. */
export function leaderMetrics(text: string, node: string): { leader?: number; token?: number } {
  const value = (pattern: RegExp) => {
    const match = pattern.exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const escaped = node.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return {
    leader: value(new RegExp(`^soloops_leader\\{node="${escaped}"\\}\\s+(\\S+)$`, 'm')),
    token: value(/^soloops_leader_token\s+(\S+)$/m),
  };
}
