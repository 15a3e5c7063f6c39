import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { digestTimerText, installDigestTimer, renderDigestTimer, type DigestTimerOptions } from './timer.js';

const system: DigestTimerOptions = {
  at: '08:00',
  timezone: 'Asia/Seoul',
  user: false,
  home: '/var/lib/soloops',
  nodePath: '/usr/bin/node',
  binPath: '/usr/lib/node_modules/soloops/bin/soloops.js',
  configPath: '/etc/soloops/config.yaml',
  env: { SUDO_USER: 'deploy' },
};

const HARDENING = [
  'NoNewPrivileges=yes',
  'ProtectSystem=strict',
  'PrivateTmp=yes',
  'PrivateDevices=yes',
  'RestrictSUIDSGID=yes',
  'CapabilityBoundingSet=',
  'UMask=0077',
];

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-digest-timer-'));
  temps.push(dir);
  return dir;
}

describe('renderDigestTimer', () => {
  it('renders a hardened oneshot service running `digest --send` as the sudo user, and a timer in the zone', () => {
    const units = renderDigestTimer(system);
    const lines = (text: string) => text.split('\n');

    expect(lines(units.service)).toEqual(
      expect.arrayContaining([
        'Type=oneshot',
        'User=deploy',
        'ExecStart=/usr/bin/node /usr/lib/node_modules/soloops/bin/soloops.js digest --send',
        'Environment=SOLOOPS_HOME=/var/lib/soloops',
        'Environment=SOLOOPS_CONFIG=/etc/soloops/config.yaml',
        'EnvironmentFile=-/var/lib/soloops/watch.env',
        'ProtectHome=yes',
        'ReadWritePaths=/var/lib/soloops',
        ...HARDENING,
      ]),
    );
    // Started by the timer only: no [Install] of its own, no restart loop.
    expect(units.service).not.toMatch(/^\[Install\]|^Restart=/m);
    expect(lines(units.timer)).toEqual(
      expect.arrayContaining([
        'OnCalendar=*-*-* 08:00:00 Asia/Seoul',
        'Persistent=true',
        'Unit=soloops-digest.service',
        'WantedBy=timers.target',
      ]),
    );
    for (const text of [units.service, units.timer]) expect(text).not.toContain('{{');

    expect(units).toMatchObject({
      serviceFile: '/etc/systemd/system/soloops-digest.service',
      timerFile: '/etc/systemd/system/soloops-digest.timer',
      enable: 'sudo systemctl daemon-reload && sudo systemctl enable --now soloops-digest.timer',
    });
  });

  it('renders a user pair: no User=, a read-only home around its data folder, quoted paths, the machine zone', () => {
    const units = renderDigestTimer({
      at: '7:30',
      user: true,
      home: '/home/me/.local/share/soloops',
      nodePath: '/home/me/.nvm/versions/node/v20.17.0/bin/node',
      binPath: '/home/me/My Tools/soloops/bin/soloops.js',
      env: { XDG_CONFIG_HOME: '/home/me/.config' },
    });
    expect(units.service).not.toContain('User=');
    expect(units.service).not.toContain('SOLOOPS_CONFIG');
    expect(units.service).toContain(
      'ExecStart=/home/me/.nvm/versions/node/v20.17.0/bin/node ' +
        '"/home/me/My Tools/soloops/bin/soloops.js" digest --send',
    );
    expect(units.service).toMatch(/^ProtectHome=read-only$/m);
    expect(units.service).toMatch(/^ReadWritePaths=\/home\/me\/.local\/share\/soloops$/m);
    expect(units.timer).toMatch(/^OnCalendar=\*-\*-\* 07:30:00$/m);
    expect(units.serviceFile).toBe('/home/me/.config/systemd/user/soloops-digest.service');
    expect(units.timerFile).toBe('/home/me/.config/systemd/user/soloops-digest.timer');
    expect(units.enable).toBe('systemctl --user daemon-reload && systemctl --user enable --now soloops-digest.timer');
  });

  it("spells the zone as systemd's zoneinfo does", () => {
    expect(renderDigestTimer({ ...system, timezone: 'america/new_york' }).timer).toContain(
      'OnCalendar=*-*-* 08:00:00 America/New_York',
    );
  });

  it('refuses a time that is not a time of day, and a zone that does not exist', () => {
    for (const at of ['25:00', '08:00:00', '8am', ''])
      expect(() => renderDigestTimer({ ...system, at })).toThrow(UserError);
    expect(() => renderDigestTimer({ ...system, timezone: 'Mars/Olympus_Mons' })).toThrow(UserError);
    // A zone must not smuggle another directive into the timer.
    expect(() => renderDigestTimer({ ...system, timezone: 'UTC\nExecStart=/bin/sh' })).toThrow(UserError);
  });

  it('prints both units, each under the file it would be written to', () => {
    const units = renderDigestTimer(system);
    const text = digestTimerText(units);
    expect(text).toContain(`# /etc/systemd/system/soloops-digest.service\n${units.service.trimEnd()}`);
    expect(text).toContain(`# /etc/systemd/system/soloops-digest.timer\n${units.timer.trimEnd()}`);
  });

  it('passes systemd-analyze verify', async (context) => {
    const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((file) => fs.existsSync(file));
    if (!analyze) {
      console.log('skipped: systemd-analyze is not installed');
      return context.skip();
    }
    const dir = tempDir();
    // A real node and script: verify checks that ExecStart's binary exists.
    const units = renderDigestTimer({
      ...system,
      home: dir,
      nodePath: process.execPath,
      binPath: path.resolve('bin/soloops.js'),
      env: {},
    });
    fs.writeFileSync(path.join(dir, 'soloops-digest.service'), units.service);
    fs.writeFileSync(path.join(dir, 'soloops-digest.timer'), units.timer);
    const { stderr } = await promisify(execFile)(
      analyze,
      ['verify', '--man=no', 'soloops-digest.service', 'soloops-digest.timer'],
      { cwd: dir },
    );
    expect(stderr).toBe('');
  });
});

describe('installDigestTimer', () => {
  it('writes both user units once and refuses to write either again', () => {
    const dir = tempDir();
    const home = path.join(dir, 'data');
    const units = renderDigestTimer({
      ...system,
      user: true,
      home,
      env: { XDG_CONFIG_HOME: path.join(dir, 'config') },
    });

    expect(installDigestTimer(units, home)).toBe(units.enable);
    expect(fs.readFileSync(units.serviceFile, 'utf8')).toBe(units.service);
    expect(fs.readFileSync(units.timerFile, 'utf8')).toBe(units.timer);
    expect(fs.statSync(home).isDirectory()).toBe(true);

    // Only the service left behind: the timer must not be written next to a unit someone edited.
    fs.rmSync(units.timerFile);
    fs.writeFileSync(units.serviceFile, '# edited by hand\n');
    expect(() => installDigestTimer(units, home)).toThrow(/soloops-digest.service already exists/);
    expect(fs.existsSync(units.timerFile)).toBe(false);
    expect(fs.readFileSync(units.serviceFile, 'utf8')).toBe('# edited by hand\n');
  });
});
