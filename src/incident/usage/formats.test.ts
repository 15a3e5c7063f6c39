import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { UsageRequest } from '../../core/sla.js';
import { detectFormat, parseLine } from './formats.js';
import { readAccessLog } from './read.js';

// Lines written from each format's documentation (nginx log_format combined + $request_time,
// Apache LogFormat with %D, AWS "Access log entries" for Application Load Balancers).

const ALB_OK =
  'http 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 ' +
  '0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - ' +
  'arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 ' +
  '"Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2018-07-02T22:22:48.364000Z "forward" "-" "-" ' +
  '"10.0.0.1:80" "200" "-" "-"';
const ALB_FAILED =
  'https 2018-07-02T22:23:05.000000Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 - -1 -1 -1 ' +
  '502 - 34 366 "GET https://www.example.com:443/ HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2';

describe('access-log formats', () => {
  it('reads nginx combined with $request_time (seconds) and Apache with %D (microseconds)', () => {
    const nginx =
      '127.0.0.1 - frank [10/Oct/2026:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "-" "Mozilla/5.0" 0.250';
    expect(detectFormat(nginx)).toBe('combined');
    expect(parseLine('combined', nginx)).toEqual({ at: new Date('2026-10-10T20:55:36Z'), status: 200, ms: 250 });
    const apache = '10.0.0.2 - - [01/Nov/2026:00:00:01 +0000] "POST /x HTTP/1.1" 503 - "-" "k6" 1500';
    expect(parseLine('combined', apache)).toEqual({ at: new Date('2026-11-01T00:00:01Z'), status: 503, ms: 1.5 });
    const plain = '10.0.0.2 - - [01/Nov/2026:00:00:01 +0000] "GET / HTTP/1.1" 404 12';
    expect(parseLine('combined', plain)).toEqual({ at: new Date('2026-11-01T00:00:01Z'), status: 404, ms: null });
    expect(parseLine('combined', '10.0.0.2 - - [yesterday] "GET / HTTP/1.1" 404 12')).toEqual({
      error: 'unreadable time [yesterday]',
    });
  });

  it('reads AWS ALB entries: the ELB status, the three processing times added, none when the target failed', () => {
    expect(detectFormat(ALB_OK)).toBe('alb');
    expect(parseLine('alb', ALB_OK)).toEqual({ at: new Date('2018-07-02T22:23:00.186Z'), status: 200, ms: 1 });
    expect(parseLine('alb', ALB_FAILED)).toEqual({ at: new Date('2018-07-02T22:23:05Z'), status: 502, ms: null });
    expect(parseLine('alb', 'http 2018-07-02T22:23:00Z short')).toEqual({
      error: 'too few fields for an ALB log line',
    });
  });

  it('reads JSON lines with time, status and duration in ms under their usual names', () => {
    expect(detectFormat('{"time":"2026-11-01T00:00:00Z","status":200}')).toBe('jsonl');
    expect(parseLine('jsonl', '{"time":"2026-11-01T00:00:00Z","status":200,"duration_ms":12.5}')).toEqual({
      at: new Date('2026-11-01T00:00:00Z'),
      status: 200,
      ms: 12.5,
    });
    expect(parseLine('jsonl', '{"@timestamp":1793491200,"status_code":"500"}')).toEqual({
      at: new Date(1793491200 * 1000),
      status: 500,
      ms: null,
    });
    expect(parseLine('jsonl', '{"time":"2026-11-01T00:00:00Z"}')).toEqual({ error: 'no status (status, status_code)' });
    expect(parseLine('jsonl', '{"time":')).toEqual({ error: 'not JSON' });
    expect(detectFormat('GET / 200')).toBeNull();
  });

  it('streams a gzip file by its magic bytes, counting bad lines and giving each request its line hash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-usage-'));
    try {
      const file = path.join(dir, 'requests.log');
      const lines = [
        '{"time":"2026-11-01T00:00:00Z","status":200}',
        'oops',
        '',
        '{"time":"2026-11-01T00:00:01Z","status":500}',
      ];
      fs.writeFileSync(file, gzipSync(`${lines.join('\r\n')}\r\n`));
      const saved: UsageRequest[] = [];
      const outcome = await readAccessLog(file, async (batch) => {
        saved.push(...batch);
      });
      expect(outcome).toEqual({
        format: 'jsonl',
        lines: 4,
        requests: 2,
        bad: 1,
        badLines: [{ line: 2, reason: 'not JSON' }],
      });
      expect(saved.map((r) => r.status)).toEqual([200, 500]);
      expect(new Set(saved.map((r) => r.key)).size).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
