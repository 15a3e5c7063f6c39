import { timeZone } from '../../core/config-primitives.js';
import { UserError } from '../../core/errors.js';
import {
  enableLine,
  renderUnitTemplate,
  systemctlOf,
  unitFilePath,
  unitQuote,
  writeUnitFiles,
  type UnitTarget,
} from '../systemd.js';

/** What `soloops digest install-timer` renders the service and timer for. */
export interface DigestTimerOptions {
  /** The time of day, "08:00" (24-hour). */
  at: string;
  /** An IANA zone for OnCalendar; without one systemd uses the machine's own zone. */
  timezone?: string | undefined;
  /** A user unit pair (`systemctl --user`) rather than a system one. */
  user: boolean;
  /** The data folder: the one writable path. */
  home: string;
  /** The node binary and the soloops script, so the timer runs the same install as now (npx, nvm, global). */
  nodePath: string;
  binPath: string;
  configPath?: string | null | undefined;
  /** SUDO_USER (who a system unit runs as) and XDG_CONFIG_HOME (where a user unit goes). */
  env?: Record<string, string | undefined>;
}

/** The rendered pair, where each goes, and the line that enables the timer. */
export interface DigestTimerUnits {
  service: string;
  timer: string;
  serviceFile: string;
  timerFile: string;
  enable: string;
}

const SERVICE = 'soloops-digest.service';
const TIMER = 'soloops-digest.timer';

/** "8:00" or "08:00" → "08:00"; anything else is a usage error naming both places it can come from. */
function clockTime(at: string): string {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(at.trim());
  if (!match)
    throw new UserError(
      `the digest time "${at}" is not a time of day such as "08:00"`,
      'pass --at HH:MM (24-hour), or set digest.at in the config',
    );
  return `${match[1]!.padStart(2, '0')}:${match[2]}`;
}

/**
 * The zone as systemd finds it in /usr/share/zoneinfo, which is case-sensitive: ICU's canonical
 * spelling ("asia/seoul" → "Asia/Seoul", "Etc/UTC" → "UTC").
 */
function systemdZone(zone: string): string {
  if (!timeZone.safeParse(zone).success)
    throw new UserError(
      `"${zone}" is not an IANA time zone`,
      'set timezone in the config to a zone such as "Europe/Berlin"',
    );
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/**
 * Renders templates/systemd/soloops-digest.service (a oneshot `digest --send`, hardened like
 * the watch unit) and soloops-digest.timer (every day at `at`, in `timezone` when given;
 * Persistent, so a morning missed while the machine slept is sent when it wakes).
 */
export function renderDigestTimer(options: DigestTimerOptions): DigestTimerUnits {
  const target: UnitTarget = {
    user: options.user,
    home: options.home,
    configPath: options.configPath,
    env: options.env ?? {},
  };
  const at = clockTime(options.at);
  const zone = options.timezone ? systemdZone(options.timezone) : undefined;
  const systemctl = systemctlOf(options.user);
  const service = renderUnitTemplate(SERVICE, target, {
    exec: `${unitQuote(options.nodePath)} ${unitQuote(options.binPath)}`,
    systemctl,
  });
  const timer = renderUnitTemplate(TIMER, target, {
    at,
    zone: zone ? ` ${zone}` : '',
    zone_note: zone ? ` ${zone}` : " (this machine's time zone)",
    systemctl,
  });
  return {
    service,
    timer,
    serviceFile: unitFilePath(SERVICE, target),
    timerFile: unitFilePath(TIMER, target),
    enable: enableLine(TIMER, options.user),
  };
}

/** Both units as `--print` shows them, each under a comment naming its file. */
export function digestTimerText(units: DigestTimerUnits): string {
  return `# ${units.serviceFile}\n${units.service.trimEnd()}\n\n# ${units.timerFile}\n${units.timer.trimEnd()}`;
}

/** Writes both units (neither over an existing file) and the data folder; returns the line that enables the timer. */
export function installDigestTimer(units: DigestTimerUnits, home: string): string {
  writeUnitFiles(
    [
      { path: units.serviceFile, text: units.service },
      { path: units.timerFile, text: units.timer },
    ],
    home,
    'soloops digest install-timer',
  );
  return units.enable;
}
