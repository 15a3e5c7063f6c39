import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCli, type Sandbox } from '../helpers/cli.js';

// `soloops incident postmortem` through the built CLI (npm run build first): the built-in template
// to stdout, a custom one, --out refusing to overwrite without --force, --json, an unknown id.

let sandbox: Sandbox;
afterEach(() => sandbox?.cleanup());

const cli = (...args: string[]) => runCli(args, { sandbox, env: { USER: 'ana' } });

async function ok(...args: string[]): Promise<string> {
  const result = await cli(...args);
  expect(result.exitCode, result.stderr).toBe(0);
  return result.stdout;
}

describe('soloops incident postmortem', () => {
  it('fills the built-in template from an opened, updated and resolved incident', async () => {
    sandbox = makeSandbox();
    fs.writeFileSync(path.join(sandbox.dir, 'soloops.yaml'), 'timezone: Europe/Paris\n');
    const opened = JSON.parse(
      await ok('--json', 'incident', 'open', 'API returns 502', '--service', 'api', '--severity', 'high'),
    ) as { id: string };
    const id = opened.id;
    await ok('incident', 'update', id, '--status', 'identified', '--note', 'bad deploy');
    await ok('incident', 'update', id, '--status', 'resolved', '--note', 'rolled back; 502s gone');

    const md = await ok('incident', 'postmortem', id);
    expect(md).toContain(`# Postmortem: API returns 502 (${id})`);
    expect(md).toContain('| Severity / priority | high / P2 (auto) |');
    expect(md).toContain('| Status | resolved |');
    expect(md).toContain('| Affected services | api |');
    expect(md).toMatch(/\| Duration \| \d+s \|/);
    expect(md).toContain('All times Europe/Paris.');
    expect(md).toMatch(/— identified: bad deploy \(ana\)/);
    expect(md).toMatch(/— resolved: rolled back; 502s gone \(ana\)/);
    expect(md).toContain('- `api`: not in `services:` of soloops.yaml, so nothing was measured.');
    expect(md).toContain('## Root cause');
    expect(md).not.toMatch(/\{\{\s*\w+\s*\}\}/);

    const json = JSON.parse(await ok('--json', 'incident', 'postmortem', id.slice(0, -1))) as Record<string, string>;
    expect(json).toEqual({ id, markdown: md });

    const unknown = await cli('incident', 'postmortem', 'inc-1999-001');
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('no incident has the id inc-1999-001');
  });

  it('takes a custom --template and writes --out, refusing to overwrite without --force', async () => {
    sandbox = makeSandbox();
    const { id } = JSON.parse(await ok('--json', 'incident', 'open', 'Slow search', '--service', 'search')) as {
      id: string;
    };
    fs.writeFileSync(path.join(sandbox.dir, 'mine.md'), '# {{ title }} ({{id}}), {{status}}\nOwner: {{owner}}\n');

    const custom = await cli('incident', 'postmortem', id, '--template', 'mine.md');
    expect(custom.exitCode, custom.stderr).toBe(0);
    expect(custom.stdout).toBe(`# Slow search (${id}), investigating\nOwner: {{owner}}\n`);
    expect(custom.stderr).toContain('{{owner}}');

    const out = path.join(sandbox.dir, 'pm', `${id}.md`);
    const written = await cli('incident', 'postmortem', id, '--out', `pm/${id}.md`);
    expect(written.exitCode, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toContain(`# Postmortem: Slow search (${id})`);

    const again = await cli('incident', 'postmortem', id, '--template', 'mine.md', '--out', `pm/${id}.md`);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain('already exists');
    expect(fs.readFileSync(out, 'utf8')).toContain('# Postmortem:');

    await ok('incident', 'postmortem', id, '--template', 'mine.md', '--out', `pm/${id}.md`, '--force');
    expect(fs.readFileSync(out, 'utf8')).toBe(`# Slow search (${id}), investigating\nOwner: {{owner}}\n`);

    const missing = await cli('incident', 'postmortem', id, '--template', 'nope.md');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('cannot read the template nope.md');
  });
});
