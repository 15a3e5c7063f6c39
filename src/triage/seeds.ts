import type { Severity } from '../core/alert.js';
import { textFeatures } from './features.js';
import type { TrainingExample } from './model.js';

/**
 * soloops's own priors, written by hand for this project (not from the corpus). The corpus is
 * 1,155 Prometheus rules by one community; the model also meets CloudWatch alarms, Datadog
 * monitors, Sentry errors and log lines. These seeds carry what "severity means what the person
 * has to do" (DESIGN.md) says about words any tool uses, so they are known before feedback.
 * They are pseudo-examples (TrainingExample.pseudo): the phrases become the model's lexicon, a
 * separate word table the corpus's temperature does not dampen, and the field likelihoods become
 * counts; none of them adds an alert to a class.
 */

/**
 * Each phrase's words count this many times in the lexicon. At 3 (and the lexicon temperature
 * of 2) a word that only one class's phrases use is worth about 1–1.5 nats: a phrase's unigrams
 * and bigram together clearly move a verdict; a sender's severity (≈ 6 nats) still outweighs them.
 */
export const SEED_PHRASE_WEIGHT = 3;

const PHRASES: Record<Severity, string[]> = {
  // Users cannot use the product, money or data is being lost, security is breached.
  critical: [
    'service down',
    'site is down',
    'website down',
    'api down',
    'host unreachable',
    'endpoint unreachable',
    'outage',
    'major outage',
    'service unavailable',
    '503 service unavailable',
    'bad gateway',
    'gateway timeout',
    'high 5xx error rate',
    'error rate above threshold',
    '500 internal server error',
    'all requests failing',
    'payments failing',
    'checkout failing',
    'data loss',
    'data corruption',
    'database corrupted',
    'database down',
    'connection refused',
    'cannot connect to database',
    'replication broken',
    'security breach',
    'unauthorized access detected',
    'intrusion detected',
    'malware detected',
    'credentials leaked',
    'brute force attack',
    'certificate expired',
    'ssl certificate has expired',
    'disk full',
    'no space left on device',
    'filesystem full',
    'out of memory',
    'oom killed',
    'OOMKilled',
    'CrashLoopBackOff',
    'pod crash looping',
    'process crashed',
    'segmentation fault',
    'panic',
    'fatal error',
    'kernel panic',
    'health check failed',
    'monitor is down',
    'no healthy hosts',
    'all instances unhealthy',
    'quorum lost',
    'split brain',
    'ransomware',
    'critical',
    'critically high',
    'not responding',
    'stopped working',
    'exited unexpectedly',
    'read-only file system',
    'disk failure',
    'connection pool exhausted',
    'no consumers',
    'dead letter',
    'customers cannot log in',
    'suspicious activity',
    // Issue 15: words any tool uses for "broken now", and the security findings that need a person
    // at once (Sigma's and Falco's own guidance for their top levels: compromise, not suspicion).
    'down',
    'unavailable',
    'unreachable',
    'failing',
    'not running',
    'crashed',
    'dead',
    'lost',
    'exhausted',
    'expired',
    'corrupted',
    'unhealthy',
    'no leader',
    'cannot write',
    'unable to start',
    'malware',
    'ransomware',
    'exploit',
    'exploitation attempt',
    'backdoor',
    'webshell',
    'reverse shell',
    'credential dumping',
    'privilege escalation',
    'rootkit',
    'cryptominer',
    'command and control',
    'hacktool',
  ],
  // Look at it today: degradation, capacity trending the wrong way, things that will break later.
  warning: [
    'high latency',
    'latency above threshold',
    'slow response time',
    'response time degraded',
    'high cpu usage',
    'high memory usage',
    'disk usage above threshold',
    'disk will fill in 24 hours',
    'disk space low',
    'predicted to fill',
    'certificate expires in 14 days',
    'certificate expiring soon',
    'deprecated api',
    'deprecation warning',
    'retrying request',
    'rate limited',
    'throttling',
    'queue backlog growing',
    'consumer lag high',
    'replication lag',
    'slow queries',
    'high swap usage',
    'connection pool near limit',
    'approaching quota',
    'budget threshold exceeded',
    'cost anomaly',
    'insufficient data',
    'flapping',
    'degraded performance',
    'backup failed',
    'cron job failed',
    'build failed',
    'warning',
    'approaching limit',
    'timed out',
    'handled exception',
    'error logged',
    'slow database queries',
    'api latency high',
    // Issue 15: trends, capacity and performance (it will break later), and security signals that
    // need a look but are often benign (what Sigma calls medium).
    'high',
    'usage',
    'utilization',
    'latency',
    'slow',
    'approaching',
    'soon',
    'will run out',
    'growing',
    'increasing',
    'too many',
    'pending',
    'lagging',
    'expiring',
    'degraded',
    'restarting',
    'potential',
    'possible',
    'unusual',
    'uncommon',
    'reconnaissance',
    'discovery',
    'enumeration',
  ],
  // For the record: recoveries, tests, routine success, changes someone made on purpose.
  info: [
    'resolved',
    'recovered',
    'back to normal',
    'service is up',
    'monitor is up',
    'test alert',
    'this is a test notification',
    'informational',
    'backup succeeded',
    'backup completed successfully',
    'deployment finished',
    'deployed successfully',
    'deploy started',
    'release published',
    'job completed',
    'scheduled maintenance',
    'maintenance window started',
    'configuration changed',
    'new user signed up',
    'scaled out',
    'instance launched',
    'service restarted',
    'certificate renewed',
    'daily report',
    'weekly summary',
    'succeeded',
    'listening on port',
    'connected',
    'started',
    'session opened',
    'signed up',
    'database backup completed',
    'api deployed',
  ],
};

/**
 * What a structured value is worth, as "of alerts carrying it, this share is critical / warning /
 * info": with no other evidence the model's probabilities are exactly that share (seedExamples
 * converts it into pseudo-counts for the training mix and the class prior). `strength` is how
 * many alerts' worth the share is (the model's doubt, fieldStrength, is 60).
 * - A sender's own severity (Alertmanager `severity: critical`, Datadog P1, a CloudWatch OK) was
 *   chosen by a person or their tool for this very alert, so it dominates the words: "critical"
 *   → 99.5 % critical is a Bayes factor of ~250 (5.5 nats) over warning, more than a title and
 *   description full of warning words (≈ 5 nats) undo. At a strength of 20,000 alerts a few
 *   corrections of hinted alerts keep that trust (their `title:` identity carries them instead).
 * - A log level (`level:`) is a developer's guess for a code path, so it counts for much less.
 * - Resolved notifications are info (DESIGN.md; classify.ts also short-cuts them).
 * - Non-production environments rarely justify waking anyone.
 */
const FIELD_PRIORS: Array<{ feature: string; strength: number; share: [number, number, number] }> = [
  { feature: 'hint:critical', strength: 20_000, share: [0.995, 0.004, 0.001] },
  { feature: 'hint:warning', strength: 20_000, share: [0.004, 0.993, 0.003] },
  { feature: 'hint:info', strength: 20_000, share: [0.001, 0.01, 0.989] },
  { feature: 'level:critical', strength: 500, share: [0.8, 0.18, 0.02] },
  { feature: 'level:warning', strength: 500, share: [0.2, 0.7, 0.1] },
  { feature: 'level:info', strength: 500, share: [0.02, 0.18, 0.8] },
  { feature: 'status:resolved', strength: 20_000, share: [0.002, 0.01, 0.988] },
  { feature: 'env:staging', strength: 300, share: [0.1, 0.6, 0.3] },
  { feature: 'env:dev', strength: 300, share: [0.04, 0.5, 0.46] },
  { feature: 'env:test', strength: 300, share: [0.04, 0.5, 0.46] },
];

const ORDER: Severity[] = ['critical', 'warning', 'info'];

/**
 * The seeds as pseudo-examples, in a fixed order (the model file must be reproducible).
 * `mix` is the training mix and `prior` the model's class prior (both critical, warning, info):
 * the model scores a structured value as P(class | value) / mix, so each share is scaled by
 * mix / prior to come out as the share under the prior.
 */
export function seedExamples(
  mix: readonly number[],
  prior: readonly number[],
  phraseWeight = SEED_PHRASE_WEIGHT,
): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const severity of ORDER) {
    for (const phrase of PHRASES[severity])
      examples.push({ features: textFeatures(phrase), severity, weight: phraseWeight, pseudo: true });
  }
  for (const { feature, strength, share } of FIELD_PRIORS) {
    const scaled = share.map((p, k) => (p * mix[k]!) / prior[k]!);
    const total = scaled.reduce((a, b) => a + b, 0);
    for (const [k, severity] of ORDER.entries()) {
      examples.push({ features: [feature], severity, weight: (strength * scaled[k]!) / total, pseudo: true });
    }
  }
  return examples;
}
