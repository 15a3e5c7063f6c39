import picomatch from 'picomatch';
import type { NormalizedAlert, Severity } from '../core/alert.js';
import type { TriageRuleConfig } from '../core/config.js';
import { UserError, messageOf } from '../core/errors.js';

type Matcher = (value: string) => boolean;

/** A rule from config with its patterns compiled once. */
export interface CompiledRule {
  name: string;
  severity: Severity;
  test(alert: NormalizedAlert): boolean;
}

/** `/…/flags` is a regular expression; anything else is a case-insensitive glob. */
function compilePattern(pattern: string, where: string): Matcher {
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(pattern);
  if (regex) {
    try {
      const re = new RegExp(regex[1]!, regex[2]);
      return (value) => re.test(value);
    } catch (error) {
      throw new UserError(
        `${where}: invalid regular expression ${pattern}: ${messageOf(error)}`,
        'fix the pattern in soloops.yaml (regexes are written /…/flags)',
      );
    }
  }
  return picomatch(pattern, { nocase: true, dot: true, bash: true });
}

/** Compiles the config's `triage.rules`; a bad pattern is a UserError naming the rule. */
export function compileRules(rules: TriageRuleConfig[]): CompiledRule[] {
  return rules.map((rule, index) => {
    const name = rule.name ?? `#${index + 1}`;
    const where = `triage.rules[${index}] (${name})`;
    const checks: Array<(alert: NormalizedAlert) => boolean> = [];
    const { labels, ...fields } = rule.match;
    for (const [field, pattern] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
      const matches = compilePattern(pattern, `${where}.match.${field}`);
      checks.push((alert) => matches(alert[field]));
    }
    for (const [label, pattern] of Object.entries(labels ?? {})) {
      const matches = compilePattern(pattern, `${where}.match.labels.${label}`);
      checks.push((alert) => alert.labels[label] !== undefined && matches(alert.labels[label]!));
    }
    return { name, severity: rule.severity, test: (alert) => checks.every((check) => check(alert)) };
  });
}

/** The first rule that matches, or undefined. */
export function firstMatchingRule(rules: CompiledRule[], alert: NormalizedAlert): CompiledRule | undefined {
  return rules.find((rule) => rule.test(alert));
}
