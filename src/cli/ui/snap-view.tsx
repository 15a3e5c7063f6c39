import { Box, Text } from 'ink';
import type { Snapshot } from '../../app/snap/live.js';

const GiB = 1024 ** 3;

function bar(pct: number, width = 20): string {
  const filled = Math.round((Math.min(Math.max(pct, 0), 100) / 100) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

function level(pct: number): 'green' | 'yellow' | 'red' {
  return pct >= 90 ? 'red' : pct >= 75 ? 'yellow' : 'green';
}

/** One frame of `soloops snap --live`: CPU, memory, disks and containers. */
export function SnapView({ snapshot }: { snapshot: Snapshot }) {
  const { cpu, memory, filesystems, docker } = snapshot;
  return (
    <Box flexDirection="column">
      <Text bold>
        {snapshot.host.hostname} · {new Date(snapshot.takenAt).toISOString().slice(11, 19)} UTC · q to quit
      </Text>
      <Text>
        {'CPU  '}
        <Text color={level(cpu.usagePct)}>{bar(cpu.usagePct)}</Text> {cpu.usagePct.toFixed(1)}% · load{' '}
        {cpu.load['1m'].toFixed(2)} {cpu.load['5m'].toFixed(2)} {cpu.load['15m'].toFixed(2)}
      </Text>
      <Text>
        {'MEM  '}
        <Text color={level(memory.usedPct)}>{bar(memory.usedPct)}</Text> {memory.usedPct.toFixed(1)}% of{' '}
        {(memory.totalBytes / GiB).toFixed(1)} GiB
      </Text>
      {filesystems.map((fs) => (
        <Text key={fs.mount}>
          DISK <Text color={level(fs.usedPct)}>{bar(fs.usedPct)}</Text> {fs.usedPct.toFixed(1)}% {fs.mount}
        </Text>
      ))}
      {docker.available ? (
        docker.containers.map((c) => (
          <Text key={c.id}>
            {c.name} <Text dimColor>{c.image}</Text> {c.state}
            {c.health ? ` (${c.health})` : ''} cpu {c.cpuPct?.toFixed(1) ?? '–'}% mem{' '}
            {c.memUsedBytes === null ? '–' : (c.memUsedBytes / 1024 ** 2).toFixed(0)} MiB
          </Text>
        ))
      ) : (
        <Text dimColor>docker: {docker.reason}</Text>
      )}
    </Box>
  );
}
