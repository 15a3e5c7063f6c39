/**
 * A small policy checker over rendered Terraform, standing in for checkov where it cannot be installed.
 * Rules live as data in checkov-rules.json, each named by the checkov ID and title it mirrors. It reads the
 * @cdktf/hcl2json output of each file (the caller parses: the parser is a dev dependency) plus the raw
 * text, where checkov's inline `#checkov:skip=ID: reason` comments are found (the parser drops comments).
 *
 * Targets: an `aws_*` resource type, `data.<type>` for a data source, or a registry module source
 * (`terraform-aws-modules/rds/aws`). For a module the condition reads the module input that sets the
 * resource attribute checkov would inspect in the downloaded module.
 *
 * Paths are dot-separated names through attributes, nested blocks and maps; `*` takes every value of a
 * map or list. Lists met on the way are flattened, so a path yields a list of leaf values; `${var.x}`
 * leaves resolve to the variable's default, as checkov does. Condition kinds:
 * - `{equals: path, value, default?}`  every value at path equals `value` (absent: `default` is used, or it fails)
 * - `{atLeast: path, value, default?}` every value at path is a number ≥ `value` (absent as for equals)
 * - `{exists: path}`                   a value at path that is not null, false, "" nor an empty list
 * - `{contains: path, value}`          some value at path equals `value`
 * - `{notContains: path, value}`       no value at path equals `value` (absent passes)
 * - `{matches: path, pattern}`         some string at path matches the regular expression `pattern`
 * - `{blockPresent: path}`             the nested block (or map) at path is written, even empty
 * - `{connected: [targets], via?}`     a block of those targets references this one (in attribute `via` if given)
 * - `{portOutside: port}`              this rule's from_port..to_port misses `port`; -1 means "not all ports"
 * - `{each: path, where?, check}`      every block or map value at path matching `where` satisfies `check`
 * - `{allOf: [conditions]}`, `{anyOf: [conditions]}`, `{not: condition}`
 */

export type Condition =
  | { equals: string; value: unknown; default?: unknown }
  | { atLeast: string; value: number; default?: number }
  | { exists: string }
  | { contains: string; value: unknown }
  | { notContains: string; value: unknown }
  | { matches: string; pattern: string }
  | { blockPresent: string }
  | { connected: string[]; via?: string }
  | { portOutside: number }
  | { each: string; where?: Condition; check: Condition }
  | { allOf: Condition[] }
  | { anyOf: Condition[] }
  | { not: Condition };

export interface PolicyRule {
  id: string;
  title: string;
  targets: string[];
  condition: Condition;
  /** A different condition for some targets (a module whose input is named unlike the resource attribute). */
  conditionFor?: Record<string, Condition>;
  /** Where this check is stricter or simpler than checkov's. */
  note?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: hcl2json output is untyped JSON, walked by the rule paths
type Body = Record<string, any>;
/** The shape @cdktf/hcl2json gives a file: every block an array of bodies, expressions as "${...}" strings. */
export interface TerraformJson {
  module?: Record<string, Body[]>;
  resource?: Record<string, Record<string, Body[]>>;
  data?: Record<string, Record<string, Body[]>>;
  variable?: Record<string, Body[]>;
}
export interface PolicyFile {
  name: string;
  text: string;
  parsed: TerraformJson;
}

export type Status = 'passed' | 'failed' | 'skipped';
export interface BlockResult {
  /** `aws_db_instance.main`, `module.db`, `data.aws_iam_policy_document.site` */
  address: string;
  file: string;
  status: Status;
  /** The skip comment's reason. */
  reason?: string;
}
export interface RuleResult {
  id: string;
  title: string;
  results: BlockResult[];
}

interface Block {
  address: string;
  target: string;
  file: PolicyFile;
  body: Body;
  /** The opening line as written, to find the block's span in the raw text. */
  header: RegExp;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function blocksOf(files: PolicyFile[]): Block[] {
  const blocks: Block[] = [];
  for (const file of files) {
    const p = file.parsed;
    for (const [type, byName] of Object.entries(p.resource ?? {}))
      for (const [name, bodies] of Object.entries(byName))
        for (const body of bodies)
          blocks.push({
            address: `${type}.${name}`,
            target: type,
            file,
            body,
            header: new RegExp(`^resource\\s+"${escapeRegExp(type)}"\\s+"${escapeRegExp(name)}"\\s*\\{`, 'm'),
          });
    for (const [type, byName] of Object.entries(p.data ?? {}))
      for (const [name, bodies] of Object.entries(byName))
        for (const body of bodies)
          blocks.push({
            address: `data.${type}.${name}`,
            target: `data.${type}`,
            file,
            body,
            header: new RegExp(`^data\\s+"${escapeRegExp(type)}"\\s+"${escapeRegExp(name)}"\\s*\\{`, 'm'),
          });
    for (const [name, bodies] of Object.entries(p.module ?? {}))
      for (const body of bodies)
        blocks.push({
          address: `module.${name}`,
          target: String(body.source ?? ''),
          file,
          body,
          header: new RegExp(`^module\\s+"${escapeRegExp(name)}"\\s*\\{`, 'm'),
        });
  }
  return blocks;
}

// checkov's COMMENT_REGEX (checkov/common/comment/enum.py): several IDs may share one comment.
const SKIP = /(?:checkov:skip=|bridgecrew:skip=) *([A-Za-z_\d-]+(?:,[A-Za-z_\d-]+)*)?(:[^\n]*)?/;

/**
 * Skip comments inside a block: like checkov, those on lines strictly between its first and last line.
 * The span is found by counting braces, which `${...}` inside strings keeps balanced.
 */
export function skipsInBlock(text: string, header: RegExp): Map<string, string> {
  const skips = new Map<string, string>();
  const match = header.exec(text);
  if (!match) return skips;
  let depth = 0;
  let end = text.length;
  for (let i = match.index + match[0].length - 1; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) {
      end = i;
      break;
    }
  }
  const lines = text.slice(match.index, end).split('\n').slice(1);
  for (const line of lines) {
    if (!/^\s*(#|\/\/)/.test(line)) continue;
    const skip = SKIP.exec(line);
    if (!skip?.[1]) continue;
    const reason = skip[2] ? skip[2].slice(1).trim() : 'No comment provided';
    for (const id of skip[1].split(',')) skips.set(id.trim(), reason);
  }
  return skips;
}

interface Context {
  blocks: Block[];
  variables: Map<string, unknown>;
  self: Block;
}

const VAR_REF = /^\$\{var\.([A-Za-z_][\w-]*)\}$/;
const VAR_IN_STRING = /\$\{var\.([A-Za-z_][\w-]*)\}/g;

/** A variable reference with a default becomes the default; inside a longer string, when it is a scalar. */
function resolveVar(value: unknown, ctx: Context): unknown {
  if (typeof value !== 'string') return value;
  const whole = VAR_REF.exec(value);
  if (whole) return ctx.variables.has(whole[1]!) ? ctx.variables.get(whole[1]!) : value;
  return value.replace(VAR_IN_STRING, (ref, name: string) => {
    const v = ctx.variables.get(name);
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : ref;
  });
}

/** The nodes at path, lists flattened at every step. */
function nodesAt(node: unknown, path: string): unknown[] {
  let current: unknown[] = [node];
  const flat = (values: unknown[]): unknown[] => values.flatMap((v) => (Array.isArray(v) ? flat(v) : [v]));
  for (const segment of path === '' ? [] : path.split('.')) {
    current = flat(current).flatMap((n) => {
      if (n === null || typeof n !== 'object') return [];
      if (segment === '*') return Object.values(n as Body);
      return segment in (n as Body) ? [(n as Body)[segment]] : [];
    });
  }
  return flat(current);
}

const valuesAt = (node: unknown, path: string, ctx: Context) => nodesAt(node, path).map((v) => resolveVar(v, ctx));

const toNumber = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

/** from_port..to_port of a rule written as a security group rule, or a module's rule map value. */
function coversPort(node: Body, port: number, ctx: Context): boolean {
  const protocol = String(valuesAt(node, 'ip_protocol', ctx)[0] ?? valuesAt(node, 'protocol', ctx)[0] ?? '');
  const from = toNumber(valuesAt(node, 'from_port', ctx)[0]);
  const to = toNumber(valuesAt(node, 'to_port', ctx)[0]);
  const allPorts =
    protocol === '-1' || protocol === 'all' || from === undefined || (from <= 0 && (to ?? 65535) >= 65535);
  if (port === -1) return allPorts;
  return allPorts || ((from ?? 0) <= port && port <= (to ?? from ?? 65535));
}

function holds(condition: Condition, node: unknown, ctx: Context): boolean {
  if ('equals' in condition) {
    const values = valuesAt(node, condition.equals, ctx);
    if (values.length === 0) return 'default' in condition && condition.default === condition.value;
    return values.every((v) => v === condition.value || String(v) === String(condition.value));
  }
  if ('atLeast' in condition) {
    const values = valuesAt(node, condition.atLeast, ctx);
    const all = values.length > 0 ? values : condition.default === undefined ? [] : [condition.default];
    return all.length > 0 && all.every((v) => (toNumber(v) ?? Number.NaN) >= condition.value);
  }
  if ('exists' in condition)
    return valuesAt(node, condition.exists, ctx).some((v) => v !== null && v !== false && v !== '' && v !== 'null');
  if ('contains' in condition) return valuesAt(node, condition.contains, ctx).some((v) => v === condition.value);
  if ('notContains' in condition) return !valuesAt(node, condition.notContains, ctx).some((v) => v === condition.value);
  if ('matches' in condition) {
    const pattern = new RegExp(condition.pattern);
    return valuesAt(node, condition.matches, ctx).some((v) => typeof v === 'string' && pattern.test(v));
  }
  if ('blockPresent' in condition) {
    const segments = condition.blockPresent.split('.');
    const last = segments.pop()!;
    return nodesAt(node, segments.join('.')).some(
      (n) => n !== null && typeof n === 'object' && typeof (n as Body)[last] === 'object' && (n as Body)[last] !== null,
    );
  }
  if ('connected' in condition) {
    const reference = new RegExp(`${escapeRegExp(ctx.self.address)}[.\\[]`);
    return ctx.blocks.some(
      (b) =>
        b !== ctx.self &&
        condition.connected.includes(b.target) &&
        reference.test(JSON.stringify(condition.via ? (b.body[condition.via] ?? null) : b.body)),
    );
  }
  if ('portOutside' in condition)
    return node !== null && typeof node === 'object' && !coversPort(node as Body, condition.portOutside, ctx);
  if ('each' in condition)
    return nodesAt(node, condition.each)
      .filter((item) => (condition.where ? holds(condition.where, item, ctx) : true))
      .every((item) => holds(condition.check, item, ctx));
  if ('allOf' in condition) return condition.allOf.every((c) => holds(c, node, ctx));
  if ('anyOf' in condition) return condition.anyOf.some((c) => holds(c, node, ctx));
  if ('not' in condition) return !holds(condition.not, node, ctx);
  throw new Error(`unknown condition ${JSON.stringify(condition)}`);
}

function variablesOf(files: PolicyFile[]): Map<string, unknown> {
  const variables = new Map<string, unknown>();
  for (const file of files)
    for (const [name, bodies] of Object.entries(file.parsed.variable ?? {}))
      if (bodies[0] && 'default' in bodies[0]) variables.set(name, bodies[0].default);
  return variables;
}

/** Every rule against every block it targets: passed, failed, or skipped by an inline comment. */
export function evaluatePolicy(rules: PolicyRule[], files: PolicyFile[]): RuleResult[] {
  const blocks = blocksOf(files);
  const variables = variablesOf(files);
  const skipCache = new Map<Block, Map<string, string>>();
  const skipsOf = (block: Block) => {
    if (!skipCache.has(block)) skipCache.set(block, skipsInBlock(block.file.text, block.header));
    return skipCache.get(block)!;
  };
  return rules.map((rule) => ({
    id: rule.id,
    title: rule.title,
    results: blocks
      .filter((block) => rule.targets.includes(block.target))
      .map((block): BlockResult => {
        const where = { address: block.address, file: block.file.name };
        const reason = skipsOf(block).get(rule.id);
        if (reason !== undefined) return { ...where, status: 'skipped', reason };
        const condition = rule.conditionFor?.[block.target] ?? rule.condition;
        const ok = holds(condition, block.body, { blocks, variables, self: block });
        return { ...where, status: ok ? 'passed' : 'failed' };
      }),
  }));
}

/** The rules file's contents, checked for shape so a typo fails loudly instead of matching nothing. */
export function parseRules(json: unknown): PolicyRule[] {
  if (!Array.isArray(json)) throw new Error('policy rules: expected an array');
  return json.map((rule, i) => {
    const r = rule as Partial<PolicyRule>;
    if (typeof r.id !== 'string' || typeof r.title !== 'string' || !Array.isArray(r.targets) || !r.condition)
      throw new Error(`policy rules: entry ${i} needs id, title, targets and condition`);
    return r as PolicyRule;
  });
}
