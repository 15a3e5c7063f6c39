import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import {
  MAX_SNAPSHOT_BYTES,
  MAX_STRING_CHARS,
  formatSnapshot,
  parseSnapshotFileName,
  snapshotFileName,
} from './format.js';
import type { ContainerSnapshot, Snapshot } from './types.js';

function sample(): Snapshot {
  return {
    schema: 1,
    takenAt: '2024-05-01T12:00:00.000Z',
    host: {
      hostname: 'web-1',
      os: 'Debian GNU/Linux 12',
      platform: 'linux',
      kernel: '6.1.0',
      arch: 'x64',
      uptimeSeconds: 3600,
    },
    cpu: {
      model: 'AMD EPYC, "Milan"',
      cores: 2,
      physicalCores: 1,
      usagePct: 12.3,
      load: { '1m': 0.5, '5m': 0.25, '15m': 0.1 },
    },
    memory: { totalBytes: 4e9, usedBytes: 1e9, availableBytes: 3e9, usedPct: 25, swapTotalBytes: 0, swapUsedBytes: 0 },
    filesystems: [
      { mount: '/', fs: '/dev/vda1', type: 'ext4', sizeBytes: 1e11, usedBytes: 2e10, usedPct: 20 },
      { mount: '/data', fs: '/dev/vdb', type: 'xfs', sizeBytes: 5e11, usedBytes: 4e11, usedPct: 80 },
    ],
    processes: {
      topCpu: [
        { pid: 10, name: 'node', cpuPct: 30.5, memPct: 2, memRssBytes: 8e7 },
        { pid: 11, name: 'postgres', cpuPct: 10, memPct: 5, memRssBytes: 2e8 },
      ],
      topMemory: [{ pid: 11, name: 'postgres', cpuPct: 10, memPct: 5, memRssBytes: 2e8 }],
    },
    docker: { available: true, containers: [container('web'), { ...container('db'), health: null, cpuPct: null }] },
    metrics: [
      { name: 'queue_depth', value: 42, source: 'flag' },
      { name: 'backlog', value: null, source: 'command', error: 'exited with code 1: boom' },
    ],
  };
}

function container(name: string): ContainerSnapshot {
  return {
    id: `${name}-id`,
    name,
    image: `acme/${name}:1`,
    state: 'running',
    health: 'healthy',
    restartCount: 0,
    cpuPct: 1.5,
    memUsedBytes: 1e8,
    memLimitBytes: 1e9,
  };
}

describe('formatSnapshot', () => {
  it('writes pretty JSON with a trailing newline that parses back equal', () => {
    const text = formatSnapshot(sample(), 'json');
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schema": 1,');
    expect(JSON.parse(text)).toEqual(sample());
  });

  it('writes YAML that parses back equal', () => {
    expect(parseYaml(formatSnapshot(sample(), 'yaml'))).toEqual(sample());
  });

  it('writes CSV as key,value with one dotted row per value', () => {
    const lines = formatSnapshot(sample(), 'csv').trimEnd().split('\n');
    expect(lines[0]).toBe('key,value');
    expect(lines).toContain('cpu.usagePct,12.3');
    expect(lines).toContain('cpu.load.1m,0.5');
    expect(lines).toContain('cpu.model,"AMD EPYC, ""Milan"""');
    expect(lines).toContain('filesystems./.usedPct,20');
    expect(lines).toContain('filesystems./data.type,xfs');
    expect(lines).toContain('processes.topCpu.1.name,node');
    expect(lines).toContain('processes.topCpu.2.pid,11');
    expect(lines).toContain('processes.topMemory.1.memRssBytes,200000000');
    expect(lines).toContain('docker.available,true');
    expect(lines).toContain('docker.containers.web.health,healthy');
    expect(lines).toContain('docker.containers.db.cpuPct,');
    expect(lines).toContain('metrics.queue_depth,42');
    expect(lines).toContain('metrics.backlog,');
    expect(lines).toContain('metrics.backlog.error,exited with code 1: boom');
    const keys = lines.slice(1).map((line) => line.split(',')[0]);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.every((key) => key && !key.includes('[object'))).toBe(true);
  });

  it('writes the Docker reason when Docker is absent', () => {
    const snapshot = {
      ...sample(),
      docker: { available: false as const, reason: 'no Docker socket at /var/run/docker.sock' },
    };
    const lines = formatSnapshot(snapshot, 'csv').split('\n');
    expect(lines).toContain('docker.available,false');
    expect(lines).toContain('docker.reason,no Docker socket at /var/run/docker.sock');
  });

  it('cuts long strings', () => {
    const snapshot = sample();
    snapshot.processes.topCpu[0]!.name = 'x'.repeat(10_000);
    const parsed = JSON.parse(formatSnapshot(snapshot, 'json')) as Snapshot;
    expect(parsed.processes.topCpu[0]!.name).toBe(`${'x'.repeat(MAX_STRING_CHARS)}…`);
  });

  it.each(['json', 'yaml', 'csv'] as const)(
    'stays under MAX_SNAPSHOT_BYTES in %s and counts what it left out',
    (format) => {
      const snapshot = sample();
      const containers = Array.from({ length: 5_000 }, (_, i) => ({ ...container(`c${i}-${'n'.repeat(300)}`) }));
      snapshot.docker = { available: true, containers };
      const text = formatSnapshot(snapshot, format);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_SNAPSHOT_BYTES);
      expect(containers).toHaveLength(5_000); // the caller's snapshot is not modified
      if (format === 'json') {
        const parsed = JSON.parse(text) as Snapshot;
        const kept = parsed.docker.available ? parsed.docker.containers.length : 0;
        expect(kept).toBeGreaterThan(0);
        expect(kept + (parsed.omitted?.containers ?? 0)).toBe(5_000);
      }
    },
  );
});

describe('formatSnapshot as a stream record (snap --interval into a pipe)', () => {
  const later = () => ({ ...sample(), takenAt: '2024-05-01T12:01:00.000Z' });

  it('writes one JSON line per snapshot: the concatenation is NDJSON', () => {
    const stream =
      formatSnapshot(sample(), 'json', { first: true }) + formatSnapshot(later(), 'json', { first: false });
    const lines = stream.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((line) => JSON.parse(line).takenAt)).toEqual([
      '2024-05-01T12:00:00.000Z',
      '2024-05-01T12:01:00.000Z',
    ]);
    expect(JSON.parse(lines[0]!)).toEqual(sample());
  });

  it('opens each YAML document with ---: the concatenation is a YAML stream', () => {
    const stream =
      formatSnapshot(sample(), 'yaml', { first: true }) + formatSnapshot(later(), 'yaml', { first: false });
    expect(stream.startsWith('---\n')).toBe(true);
    const docs = parseAllDocuments(stream);
    expect(Array.isArray(docs) && docs.map((doc) => doc.toJS().takenAt)).toEqual([
      '2024-05-01T12:00:00.000Z',
      '2024-05-01T12:01:00.000Z',
    ]);
  });

  it('prints the CSV header once, on the first record', () => {
    const first = formatSnapshot(sample(), 'csv', { first: true });
    const next = formatSnapshot(later(), 'csv', { first: false });
    expect(first).toBe(formatSnapshot(sample(), 'csv'));
    const lines = (first + next).trimEnd().split('\n');
    expect(lines.filter((line) => line === 'key,value')).toHaveLength(1);
    expect(lines[0]).toBe('key,value');
    expect(lines.filter((line) => line.startsWith('takenAt,'))).toEqual([
      'takenAt,2024-05-01T12:00:00.000Z',
      'takenAt,2024-05-01T12:01:00.000Z',
    ]);
  });
});

describe('snapshot file names', () => {
  it('are UTC, colon-free and round-trip', () => {
    const name = snapshotFileName('web-1.example.com', new Date('2024-05-01T12:03:04.567Z'), 'yaml');
    expect(name).toBe('snap-web-1.example.com-20240501T120304Z.yaml');
    expect(parseSnapshotFileName(name)).toEqual({
      host: 'web-1.example.com',
      takenAt: new Date('2024-05-01T12:03:04Z'),
      format: 'yaml',
    });
  });

  it('sanitize the host', () => {
    expect(snapshotFileName('my host/../x:1', new Date(0), 'csv')).toBe('snap-my-host-..-x-1-19700101T000000Z.csv');
    expect(snapshotFileName('ünïcode', new Date(0), 'json')).toBe('snap-n-code-19700101T000000Z.json');
    expect(snapshotFileName('///', new Date(0), 'json')).toBe('snap-host-19700101T000000Z.json');
  });

  it('sort in time order for one host', () => {
    const times = ['2024-12-31T23:59:59Z', '2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2024-06-15T09:30:00Z'];
    const names = times.map((t) => snapshotFileName('h', new Date(t), 'json'));
    const byName = [...names].sort();
    const byTime = [...times]
      .sort((a, b) => Date.parse(a) - Date.parse(b))
      .map((t) => snapshotFileName('h', new Date(t), 'json'));
    expect(byName).toEqual(byTime);
  });

  it.each([
    'snap-h-20240501T120304Z.txt',
    'snap--20240501T120304Z.json',
    'snap-h-20241301T120304Z.json',
    'other.json',
    'snap-h-20240501T120304.json',
  ])('reject %j', (name) => expect(parseSnapshotFileName(name)).toBeNull());
});
