/**
 * Impact classes: what an alert's words say happened, whatever the author's word form. One author
 * writes "ContainerDown", another "Kafka broker is unreachable", a third "crash looping": each
 * adds the same feature, `impact=outage`, so evidence learned from one author's words reaches
 * another's. The classes were written from general guidance, not fitted to any corpus's labels:
 * - PagerDuty's severity levels: critical is "the system is down / unusable, data loss, a security
 *   breach"; lower levels are partial degradation, performance, or things that can wait;
 * - Google SRE ("page on symptoms, not causes"): unavailability and user-facing errors page,
 *   resource usage and trends that will break later are tickets;
 * - Sigma's levels (critical/high: malicious with few false positives; medium: suspicious, needs
 *   a look; low/informational: notable activity) and Falco's priorities (integrity compromise
 *   above error; noteworthy behaviour at notice).
 * The model learns what each class is worth from the corpus and the seeds (seeds.ts phrases carry
 * their class too), like any word. The features contain '=' (never in a word, never a field's ':').
 */

interface ImpactClass {
  /** Whole words (as features.ts `words` yields them: lowercase, singular, no stopwords). */
  words: string[];
  /** Word beginnings that cover a family of forms ("fail" → failed, failing, failure). */
  prefixes: string[];
  /** Two consecutive words (stopwords already dropped: "out of memory" → "out memory"). */
  pairs: string[];
}

const CLASSES: Record<string, ImpactClass> = {
  // Broken now: users cannot use it, data is being lost (PagerDuty critical, an SRE page).
  outage: {
    words: [
      'down',
      'unreachable',
      'unavailable',
      'outage',
      'dead',
      'lost',
      'loss',
      'stopped',
      'cannot',
      'unable',
      'refused',
      'breach',
      'exhausted',
      'full',
      'killed',
      'panic',
      'fatal',
      'offline',
      'broken',
      'oom',
      'absent',
      'missing',
      'expired',
      'unhealthy',
      'crashloopbackoff',
      'quorum',
      'inaccessible',
      'unresponsive',
      'halted',
      'emergency',
    ],
    prefixes: ['crash', 'fail', 'corrupt', 'abort'],
    pairs: [
      'not running',
      'not responding',
      'no leader',
      'data loss',
      'out memory',
      'no space',
      'not ready',
      'not available',
      'split brain',
    ],
  },
  // Confirmed compromise (Sigma high/critical, Falco above error): malicious tools and their effects.
  compromise: {
    words: [
      'malware',
      'ransomware',
      'backdoor',
      'webshell',
      'rootkit',
      'trojan',
      'mimikatz',
      'cve',
      'hacktool',
      'cryptominer',
      'miner',
      'lsass',
      'c2',
      'implant',
      'beacon',
      'compromise',
      'compromised',
      'tampering',
      'tamper',
    ],
    prefixes: ['exploit', 'ransom'],
    pairs: [
      'reverse shell',
      'command control',
      'credential dump',
      'credential dumping',
      'remote code',
      'code execution',
      'privilege escalation',
    ],
  },
  // Worth a look, often benign (Sigma medium, Falco notice).
  suspicion: {
    words: [
      'suspicious',
      'potential',
      'possible',
      'possibly',
      'unusual',
      'uncommon',
      'rare',
      'abnormal',
      'unexpected',
      'discovery',
      'enumeration',
      'attempt',
    ],
    prefixes: ['anomal', 'recon', 'enumerat'],
    pairs: [],
  },
  // Working, but worse (PagerDuty's lower levels: performance, partial degradation).
  degraded: {
    words: [
      'high',
      'slow',
      'latency',
      'lag',
      'elevated',
      'spike',
      'flapping',
      'pressure',
      'backlog',
      'timeout',
      'jitter',
      'contention',
      'overloaded',
      'overload',
      'lagging',
    ],
    prefixes: ['degrad', 'retr', 'throttl', 'saturat', 'increas', 'delay', 'congest'],
    pairs: ['error rate', 'too many', 'response time'],
  },
  // Will break later: usage, trends, predictions (SRE: a cause or a trend is a ticket, not a page).
  capacity: {
    words: [
      'usage',
      'filling',
      'approaching',
      'soon',
      'low',
      'near',
      'almost',
      'quota',
      'limit',
      'threshold',
      'capacity',
      'growing',
      'growth',
      'remaining',
      'expiring',
      'expire',
    ],
    prefixes: ['utiliz', 'predict', 'forecast'],
    pairs: ['running out', 'run out', 'fill up'],
  },
  // For the record: routine activity, changes made on purpose, recoveries.
  routine: {
    words: [
      'started',
      'changed',
      'change',
      'new',
      'created',
      'added',
      'info',
      'informational',
      'recovered',
      'resolved',
      'up',
      'ok',
      'enabled',
      'installed',
      'updated',
      'scheduled',
      'maintenance',
      'login',
      'logon',
      'restarted',
      'deployed',
      'finished',
      'launched',
      'connected',
      'modified',
      'deleted',
      'removed',
      'opened',
      'closed',
      'executed',
      'execution',
    ],
    prefixes: ['complet', 'succe'],
    pairs: ['back normal'],
  },
};

const byWord = new Map<string, string>();
const byPair = new Map<string, string>();
const byPrefix: Array<[prefix: string, feature: string]> = [];
for (const [name, { words, prefixes, pairs }] of Object.entries(CLASSES)) {
  const feature = `impact=${name}`;
  for (const word of words) byWord.set(word, feature);
  for (const pair of pairs) byPair.set(pair, feature);
  for (const prefix of prefixes) byPrefix.push([prefix, feature]);
}

/** The impact feature of one word, if it names an impact. */
export function impactOf(word: string): string | undefined {
  const feature = byWord.get(word);
  if (feature !== undefined) return feature;
  for (const [prefix, of] of byPrefix) if (word.startsWith(prefix)) return of;
  return undefined;
}

/** Adds the impact features of a run of words (its words and consecutive pairs) to `into`. */
export function addImpactFeatures(into: Set<string>, tokens: readonly string[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const feature = impactOf(tokens[i]!);
    if (feature !== undefined) into.add(feature);
    if (i > 0) {
      const pair = byPair.get(`${tokens[i - 1]} ${tokens[i]}`);
      if (pair !== undefined) into.add(pair);
    }
  }
}

/** The impact classes' names (for tests and the README). */
export const IMPACT_CLASSES = Object.keys(CLASSES);
