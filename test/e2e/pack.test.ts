import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// npm pack → npm install into an empty folder → npx soloops, as a user would after `npm i soloops`.
describe('the npm package', () => {
  let dir: string;
  let tarball: string;
  let files: string[];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-pack-'));
    // --ignore-scripts: `npm test` built dist/ already, and rebuilding here would wipe it under other tests.
    const packed = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: repoRoot,
    });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(dir, info!.filename);
    files = info!.files.map((f) => f.path);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships bin, the built CLI and console, templates, README, CHANGELOG and LICENSE, and no sources or tests', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/soloops.js',
        'dist/cli/main.js',
        'dist/console/index.html',
        'templates/soloops.yaml',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'package.json',
      ]),
    );
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
    // The page's script and style, which index.html names (no CDN: everything it loads is in the package).
    expect(files.filter((f) => /^dist\/console\/main-[\w-]+\.js$/.test(f))).toHaveLength(1);
  });

  it('installs into an empty folder and runs with npx', async () => {
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"empty","version":"1.0.0","private":true}\n');
    await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: app });
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const result = await execa('npx', ['--no-install', 'soloops', '--version'], { cwd: app });
    expect(result.stdout.trim()).toBe(version);
    // The templates travelled with it: init renders the shipped template.
    const init = await execa('npx', ['--no-install', 'soloops', 'init', '--yes'], { cwd: app, env: { CI: '1' } });
    expect(init.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(app, 'soloops.yaml'), 'utf8')).toMatch(/^# soloops configuration/);
    // And the native SQLite driver works from the installed copy.
    const snap = await execa(
      'npx',
      ['--no-install', 'soloops', '--home', path.join(app, 'data'), 'snap', '--format', 'csv'],
      { cwd: app, env: { CI: '1' } },
    );
    expect(snap.stdout.split('\n')[0]).toBe('key,value');
    expect(fs.existsSync(path.join(app, 'data', 'soloops.db'))).toBe(true);
  }, 600_000);
});
