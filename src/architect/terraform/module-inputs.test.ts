import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { archetypes } from '../archetypes.js';
import { runChain } from '../chain.js';
import { renderTerraform } from './index.js';
import { MODULES, type ModuleKey } from './modules.js';

// `terraform validate` needs the modules downloaded, which the tests cannot do. Instead the input and
// output names of each pinned module version, read from its variables.tf/outputs.tf at the release tag,
// live in a fixture (registry modules are not npm packages, so unlike the provider schema no installed
// package holds them), and every module block the templates render is checked against it. The fixture
// also holds the declared type of every input the templates set, and each literal argument is checked
// against that type the way Terraform converts a module argument, so a string where a list is wanted
// fails here, not at plan.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface ModuleNames {
  source: string;
  version: string;
  inputs: string[];
  outputs: string[];
  /** Declared `type` of the inputs the templates set, as written in the module's variables.tf. */
  types?: Record<string, string>;
}
const fixture = JSON.parse(
  readFileSync(path.join(repoRoot, 'test', 'fixtures', 'terraform-module-inputs.json'), 'utf8'),
) as { modules: Record<string, ModuleNames> };

/** Arguments Terraform itself gives every module block; they are not variables of the module. */
const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

// ---------------------------------------------------------------------------------------------------
// Type constraints and Terraform's conversion of a module argument to them
// ---------------------------------------------------------------------------------------------------

/** A parsed Terraform type constraint. `dynamic` is `any`. */
type TfType =
  | { kind: 'dynamic' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TfType }
  | { kind: 'object'; attributes: Record<string, { type: TfType; optional: boolean }> }
  | { kind: 'tuple'; elements: TfType[] };

/**
 * Parses a type constraint as written in a variables.tf: `list(string)`, `map(object({a = number}))`,
 * `optional(bool, true)`.
 */
function parseType(text: string): TfType {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*|-?\d+(?:\.\d+)?|[(){}[\]=,]/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (want?: string) => {
    const token = tokens[at++];
    if (token === undefined || (want !== undefined && token !== want))
      throw new Error(`type "${text}": expected ${want ?? 'a token'} at token ${at}, found ${token ?? 'the end'}`);
    return token;
  };
  /** Skips one default value expression (a literal, possibly nested) inside optional(T, default). */
  const skipValue = () => {
    let depth = 0;
    do {
      const token = take();
      if ('([{'.includes(token)) depth++;
      else if (')]}'.includes(token)) depth--;
    } while (depth > 0);
  };
  const type = (): TfType => {
    const name = take();
    switch (name) {
      case 'any':
        return { kind: 'dynamic' };
      case 'string':
      case 'number':
      case 'bool':
        return { kind: name };
      case 'list':
      case 'set':
      case 'map': {
        // A bare `list` / `map` is the legacy spelling of list(any) / map(any).
        if (peek() !== '(') return { kind: name, element: { kind: 'dynamic' } };
        take('(');
        const element = type();
        take(')');
        return { kind: name, element };
      }
      case 'tuple': {
        take('(');
        take('[');
        const elements: TfType[] = [];
        while (peek() !== ']') {
          elements.push(type());
          if (peek() === ',') take(',');
        }
        take(']');
        take(')');
        return { kind: 'tuple', elements };
      }
      case 'object': {
        take('(');
        take('{');
        const attributes: Record<string, { type: TfType; optional: boolean }> = {};
        while (peek() !== '}') {
          const attribute = take().replace(/^"|"$/g, '');
          take('=');
          if (peek() === 'optional') {
            take('optional');
            take('(');
            const inner = type();
            if (peek() === ',') {
              take(',');
              skipValue();
            }
            take(')');
            attributes[attribute] = { type: inner, optional: true };
          } else {
            attributes[attribute] = { type: type(), optional: false };
          }
          if (peek() === ',') take(',');
        }
        take('}');
        take(')');
        return { kind: 'object', attributes };
      }
      default:
        throw new Error(`type "${text}": unknown type keyword "${name}"`);
    }
  };
  const parsed = type();
  if (at !== tokens.length) throw new Error(`type "${text}": unexpected "${tokens[at]}" after the type`);
  return parsed;
}

function showType(type: TfType): string {
  switch (type.kind) {
    case 'dynamic':
      return 'any';
    case 'list':
    case 'set':
    case 'map':
      return `${type.kind}(${showType(type.element)})`;
    case 'tuple':
      return `tuple([${type.elements.map(showType).join(', ')}])`;
    case 'object':
      return `object({${Object.entries(type.attributes)
        .map(([name, a]) => `${name} = ${a.optional ? `optional(${showType(a.type)})` : showType(a.type)}`)
        .join(', ')}})`;
    default:
      return type.kind;
  }
}

/**
 * A string hcl2json produced from an expression: `"${...}"` spanning the whole string (a reference, a
 * call, a for expression). Its type is only known at plan. Quoted strings inside the braces are skipped
 * so a `}` in them does not end the interpolation.
 */
function isWholeExpression(text: string): boolean {
  if (!text.startsWith('${') || !text.endsWith('}')) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

/** A string with an interpolation or directive in it: a string at plan, its content unknown now. */
const isTemplate = (text: string) => /\$\{|%\{/.test(text.replaceAll('$${', '').replaceAll('%%{', ''));

/** The type Terraform gives a literal value as written; `dynamic` for an expression or null. */
function typeOfValue(value: unknown): TfType {
  if (value === null || value === undefined) return { kind: 'dynamic' };
  if (typeof value === 'boolean') return { kind: 'bool' };
  if (typeof value === 'number') return { kind: 'number' };
  if (typeof value === 'string') return isWholeExpression(value) ? { kind: 'dynamic' } : { kind: 'string' };
  if (Array.isArray(value)) return { kind: 'tuple', elements: value.map(typeOfValue) };
  return {
    kind: 'object',
    attributes: Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, { type: typeOfValue(v), optional: false }]),
    ),
  };
}

const sameType = (a: TfType, b: TfType): boolean => showType(a) === showType(b);

/**
 * cty's unify, which Terraform applies to the elements of a value given for list(any), set(any) or
 * map(any): the one type every element converts to, `dynamic` when an element's type is only known
 * at plan, or undefined when there is none ("all list elements must have the same type").
 */
function unify(types: TfType[]): TfType | undefined {
  if (types.length === 0) return { kind: 'dynamic' };
  const known = types.filter((t) => t.kind !== 'dynamic');
  const hasDynamic = known.length < types.length;
  const kinds = new Set(known.map((t) => t.kind));
  if (known.length === 0) return { kind: 'dynamic' };
  if (kinds.has('object') && kinds.has('tuple')) return undefined;
  if (
    kinds.size === 1 &&
    (kinds.has('object') || kinds.has('tuple') || kinds.has('list') || kinds.has('map') || kinds.has('set'))
  ) {
    if (hasDynamic) return { kind: 'dynamic' };
    const first = known[0]!;
    if (first.kind === 'list' || first.kind === 'map' || first.kind === 'set') {
      const element = unify(known.map((t) => (t as { element: TfType }).element));
      return element && { kind: first.kind, element };
    }
    if (first.kind === 'object') {
      const objects = known as Array<Extract<TfType, { kind: 'object' }>>;
      const names = Object.keys(first.attributes).sort().join('\u0000');
      if (objects.every((o) => Object.keys(o.attributes).sort().join('\u0000') === names)) {
        const attributes: Record<string, { type: TfType; optional: boolean }> = {};
        for (const name of Object.keys(first.attributes)) {
          const unified = unify(objects.map((o) => o.attributes[name]!.type));
          if (!unified) return undefined;
          attributes[name] = { type: unified, optional: false };
        }
        return { kind: 'object', attributes };
      }
      const element = unify(objects.flatMap((o) => Object.values(o.attributes).map((a) => a.type)));
      return element && { kind: 'map', element };
    }
    const tuples = known as Array<Extract<TfType, { kind: 'tuple' }>>;
    if (tuples.every((t) => t.elements.length === tuples[0]!.elements.length)) {
      const elements: TfType[] = [];
      for (let i = 0; i < tuples[0]!.elements.length; i++) {
        const unified = unify(tuples.map((t) => t.elements[i]!));
        if (!unified) return undefined;
        elements.push(unified);
      }
      return { kind: 'tuple', elements };
    }
    const element = unify(tuples.flatMap((t) => t.elements));
    return element && { kind: 'list', element };
  }
  if (hasDynamic) return { kind: 'dynamic' };
  // Otherwise the first type, in cty's preference order, every element converts to: for primitives that
  // is the one they share, else string (a number or bool converts to string); structural kinds mixed
  // with primitives, or with each other, have none.
  if ([...kinds].every((k) => k === 'string' || k === 'number' || k === 'bool'))
    return kinds.size === 1 ? known[0] : { kind: 'string' };
  if (known.every((t) => sameType(t, known[0]!))) return known[0];
  return undefined;
}

/** Root variables of the rendered configuration and their declared types. */
type Variables = Map<string, TfType>;

/** The `variable` blocks of a rendered variables.tf, by name, with their declared types (`any` when none). */
async function variablesOf(variablesTf: string): Promise<Variables> {
  const parsed = (await parse('variables.tf', variablesTf)) as { variable?: Record<string, Array<{ type?: string }>> };
  return new Map(
    Object.entries(parsed.variable ?? {}).map(([name, [body]]) => {
      const written = body?.type?.replace(/^\$\{([\s\S]*)\}$/, '$1');
      return [name, written ? parseType(written) : { kind: 'dynamic' }] as const;
    }),
  );
}

/** Why a value of type `from` (a root variable's declared type) does not convert to `to`, if it does not. */
function typeToTypeProblems(from: TfType, to: TfType, at: string): string[] {
  if (from.kind === 'dynamic' || to.kind === 'dynamic' || sameType(from, to)) return [];
  const wrong = [`${at}: ${showType(from)} where ${showType(to)} is wanted`];
  switch (to.kind) {
    case 'string':
      return from.kind === 'number' || from.kind === 'bool' ? [] : wrong;
    case 'number':
    case 'bool':
      return wrong; // from string it converts only if the value parses: declare the variable with the right type.
    case 'list':
    case 'set':
      if (from.kind === 'list' || from.kind === 'set') return typeToTypeProblems(from.element, to.element, `${at}[*]`);
      if (from.kind === 'tuple')
        return from.elements.flatMap((element, i) => typeToTypeProblems(element, to.element, `${at}[${i}]`));
      return wrong;
    case 'map':
      if (from.kind === 'map') return typeToTypeProblems(from.element, to.element, `${at}[*]`);
      if (from.kind === 'object')
        return Object.entries(from.attributes).flatMap(([name, a]) =>
          typeToTypeProblems(a.type, to.element, `${at}.${name}`),
        );
      return wrong;
    case 'object':
      if (from.kind === 'map')
        return Object.entries(to.attributes).flatMap(([name, a]) =>
          typeToTypeProblems(from.element, a.type, `${at}.${name}`),
        );
      if (from.kind !== 'object') return wrong;
      return Object.entries(to.attributes).flatMap(([name, a]) => {
        const given = from.attributes[name];
        if (!given) return a.optional ? [] : [`${at}: no attribute "${name}", which ${showType(to)} requires`];
        return typeToTypeProblems(given.type, a.type, `${at}.${name}`);
      });
    case 'tuple':
      if (from.kind === 'tuple' && from.elements.length === to.elements.length)
        return from.elements.flatMap((element, i) => typeToTypeProblems(element, to.elements[i]!, `${at}[${i}]`));
      return from.kind === 'list' || from.kind === 'set' ? [] : wrong; // a list's length is known only at plan
  }
}

const describeValue = (value: unknown): string => {
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (Array.isArray(value)) return 'a tuple [...]';
  if (value !== null && typeof value === 'object') return 'an object {...}';
  return `${typeof value} ${String(value)}`;
};

/**
 * Every way a module argument's value, as hcl2json gives it, does not convert to the declared type, by
 * Terraform's rules: number and bool convert to string; a string converts to number or bool only if it
 * parses, which is reported anyway (write the literal); a tuple converts to a list, set or tuple whose
 * element types its elements convert to; an object to a map whose element type every attribute converts
 * to, or to an object type with every required attribute present (extra ones are dropped); `any` takes
 * everything. A whole `${...}` expression is only known at plan and is skipped; a tuple or object with
 * expressions in it is still checked for its shape.
 */
function typeProblems(value: unknown, type: TfType, at: string, variables: Variables = new Map()): string[] {
  if (value === null || value === undefined || type.kind === 'dynamic') return [];
  if (typeof value === 'string' && isWholeExpression(value)) {
    // `var.<name>` alone: its declared type must convert too. Any other expression waits for plan.
    const variable = /^\$\{var\.([A-Za-z_][\w-]*)\}$/.exec(value)?.[1];
    const declared = variable === undefined ? undefined : variables.get(variable);
    return declared ? typeToTypeProblems(declared, type, `${at} (var.${variable})`) : [];
  }
  const wrong = () => [`${at}: ${describeValue(value)} where ${showType(type)} is wanted`];
  switch (type.kind) {
    case 'string':
      return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? [] : wrong();
    case 'number':
      if (typeof value === 'number') return [];
      if (typeof value === 'string' && isTemplate(value)) return []; // "${a}${b}": a string at plan, maybe numeric.
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
        return [
          `${at}: string ${JSON.stringify(value)} where number is wanted (Terraform would convert it; write ${value})`,
        ];
      return wrong();
    case 'bool':
      if (typeof value === 'boolean') return [];
      if (typeof value === 'string' && isTemplate(value)) return [];
      if (value === 'true' || value === 'false')
        return [
          `${at}: string ${JSON.stringify(value)} where bool is wanted (Terraform would convert it; write ${value})`,
        ];
      return wrong();
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return wrong();
      const problems = value.flatMap((element, i) => typeProblems(element, type.element, `${at}[${i}]`, variables));
      if (problems.length === 0 && type.element.kind === 'dynamic' && !unify(value.map(typeOfValue)))
        problems.push(`${at}: the elements of a ${showType(type)} must all convert to one type, and these do not`);
      return problems;
    }
    case 'tuple': {
      if (!Array.isArray(value)) return wrong();
      if (value.length !== type.elements.length)
        return [`${at}: ${value.length} elements where ${showType(type)} wants ${type.elements.length}`];
      return value.flatMap((element, i) => typeProblems(element, type.elements[i]!, `${at}[${i}]`, variables));
    }
    case 'map': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrong();
      const entries = Object.entries(value as Record<string, unknown>);
      const problems = entries.flatMap(([key, element]) =>
        typeProblems(element, type.element, `${at}.${key}`, variables),
      );
      if (
        problems.length === 0 &&
        type.element.kind === 'dynamic' &&
        !unify(entries.map(([, element]) => typeOfValue(element)))
      )
        problems.push(`${at}: the values of a ${showType(type)} must all convert to one type, and these do not`);
      return problems;
    }
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return wrong();
      const given = value as Record<string, unknown>;
      const problems: string[] = [];
      for (const [name, attribute] of Object.entries(type.attributes)) {
        if (!(name in given)) {
          if (!attribute.optional) problems.push(`${at}: no attribute "${name}", which ${showType(type)} requires`);
          continue;
        }
        problems.push(...typeProblems(given[name], attribute.type, `${at}.${name}`, variables));
      }
      return problems;
    }
  }
}

const keyOf = (source: unknown): ModuleKey | undefined =>
  (Object.keys(MODULES) as ModuleKey[]).find((key) => MODULES[key].source === source);

/**
 * Every argument of a module block that is not an input of that module version or whose value does not
 * convert to the input's declared type (a `var.<name>` value by the variable's declared type in
 * `variablesTf`), and every `module.<name>.<output>` reference to an output the module does not have,
 * as readable lines.
 */
async function moduleProblems(
  mainTf: string,
  otherFiles: string[] = [],
  variablesTf = '',
): Promise<{ problems: string[]; checked: string[] }> {
  const variables = await variablesOf(variablesTf);
  const parsed = (await parse('main.tf', mainTf)) as { module?: Record<string, Array<Record<string, unknown>>> };
  const blocks = new Map<string, ModuleKey>();
  const problems: string[] = [];
  for (const [name, bodies] of Object.entries(parsed.module ?? {})) {
    for (const body of bodies) {
      const key = keyOf(body.source);
      if (!key) {
        problems.push(`module "${name}": source ${String(body.source)} is not a pinned module`);
        continue;
      }
      blocks.set(name, key);
      const names = fixture.modules[key];
      if (!names) {
        problems.push(`module "${name}": no input list for ${key} in the fixture`);
        continue;
      }
      const inputs = new Set(names.inputs);
      for (const [argument, value] of Object.entries(body)) {
        if (META_ARGUMENTS.has(argument)) continue;
        const where = `module "${name}" (${MODULES[key].source} ${names.version})`;
        if (!inputs.has(argument)) {
          problems.push(`${where}: no input "${argument}"`);
          continue;
        }
        const declared = names.types?.[argument];
        if (declared === undefined) {
          problems.push(`${where}: no declared type for input "${argument}" in the fixture`);
          continue;
        }
        problems.push(...typeProblems(value, parseType(declared), `${where} ${argument}`, variables));
      }
    }
  }
  for (const text of [mainTf, ...otherFiles]) {
    for (const [, name, output] of text.matchAll(/\bmodule\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
      const key = blocks.get(name!);
      if (!key) problems.push(`module.${name}.${output}: no module "${name}" is declared`);
      else if (!fixture.modules[key]!.outputs.includes(output!))
        problems.push(
          `module.${name}.${output}: ${MODULES[key].source} ${fixture.modules[key]!.version} has no output "${output}"`,
        );
    }
  }
  return { problems: [...new Set(problems)], checked: [...blocks.keys()] };
}

describe('terraform module inputs fixture', () => {
  it('lists every pinned module at exactly the version modules.ts pins', () => {
    expect(Object.keys(fixture.modules).sort()).toEqual(Object.keys(MODULES).sort());
    for (const key of Object.keys(MODULES) as ModuleKey[]) {
      // A pin bumped without refreshing the fixture fails here: the names may have changed.
      expect(fixture.modules[key], key).toMatchObject({ source: MODULES[key].source, version: MODULES[key].version });
      expect(fixture.modules[key]!.inputs.length, key).toBeGreaterThan(0);
      expect(fixture.modules[key]!.outputs.length, key).toBeGreaterThan(0);
    }
  });

  it('records a parseable type only for inputs the module has', () => {
    for (const key of Object.keys(MODULES) as ModuleKey[]) {
      const names = fixture.modules[key]!;
      expect(Object.keys(names.types ?? {}).length, key).toBeGreaterThan(0);
      for (const [input, declared] of Object.entries(names.types ?? {})) {
        expect(names.inputs, `${key} ${input}`).toContain(input);
        expect(() => parseType(declared), `${key} ${input}`).not.toThrow();
      }
    }
  });

  it('catches an argument a module does not have and an output it does not export', async () => {
    const hcl = `module "net" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "${MODULES.vpc.version}"

  cidr       = "10.0.0.0/16"
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "x" {
  vpc_id = module.net.vpc_idd
}
`;
    const { problems } = await moduleProblems(hcl);
    expect(problems).toEqual([
      expect.stringContaining('no input "cidr_block"'),
      expect.stringContaining('no output "vpc_idd"'),
    ]);
  });

  it('parses type constraints as variables.tf writes them', () => {
    expect(
      showType(
        parseType(
          'map(object({\n    name             = optional(string)\n    description      = string\n' +
            '    retries = optional(number, 3)\n  }))',
        ),
      ),
    ).toBe('map(object({name = optional(string), description = string, retries = optional(number)}))');
    expect(showType(parseType('list(map(string))'))).toBe('list(map(string))');
    expect(showType(parseType('tuple([string, number])'))).toBe('tuple([string, number])');
    expect(showType(parseType('map'))).toBe('map(any)');
    expect(() => parseType('lst(string)')).toThrow(/unknown type keyword/);
  });

  it('catches values of the wrong type, planted in module arguments', async () => {
    const hcl = `module "net" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "${MODULES.vpc.version}"

  name            = 7
  azs             = "eu-west-1a"
  private_subnets = { a = "10.0.1.0/24" }
  public_subnets  = ["10.0.101.0/24", ["10.0.102.0/24"]]
  enable_flow_log = "true"
  single_nat_gateway = "yes"
  flow_log_cloudwatch_log_group_retention_in_days = "30"
  database_subnets = "\${local.name}-db"
  cidr            = local.vpc_cidr
}

module "site" {
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "${MODULES.s3.version}"

  versioning = [true]
}

module "cdn" {
  source  = "terraform-aws-modules/cloudfront/aws"
  version = "${MODULES.cloudfront.version}"

  origin_access_control = {
    site = {
      description      = "d"
      origin_type      = "s3"
      signing_behavior = ["always"]
    }
  }
}

module "fn" {
  source  = "terraform-aws-modules/lambda/aws"
  version = "${MODULES.lambda.version}"

  allowed_triggers = {
    api = { service = "apigateway", source_arn = "arn" }
    sqs = { principal = { service = "sqs" } }
  }
  vpc_security_group_ids = [aws_security_group.app.id, { id = "sg-1" }]
}

module "asg" {
  source  = "terraform-aws-modules/autoscaling/aws"
  version = "${MODULES.autoscaling.version}"

  name             = "x"
  metadata_options = { http_tokens = "required", http_put_response_hop_limit = 1 }
  block_device_mappings = [{ device_name = "/dev/xvda" }, "ebs"]
}
`;
    const { problems } = await moduleProblems(hcl);
    const expected = [
      // name = 7 is fine: a number converts to string.
      'azs: string "eu-west-1a" where list(string) is wanted',
      'private_subnets: an object {...} where list(string) is wanted',
      'public_subnets[1]: a tuple [...] where string is wanted',
      'enable_flow_log: string "true" where bool is wanted (Terraform would convert it; write true)',
      'single_nat_gateway: string "yes" where bool is wanted',
      'flow_log_cloudwatch_log_group_retention_in_days: string "30" where number is wanted ' +
        '(Terraform would convert it; write 30)',
      'database_subnets: string "${local.name}-db" where list(string) is wanted',
      'versioning: a tuple [...] where map(string) is wanted',
      'origin_access_control.site.signing_behavior: a tuple [...] where string is wanted',
      'origin_access_control.site: no attribute "signing_protocol"',
      'allowed_triggers: the values of a map(any) must all convert to one type',
      'vpc_security_group_ids[1]: an object {...} where string is wanted',
      'block_device_mappings: the elements of a list(any) must all convert to one type',
    ];
    for (const fragment of expected) expect(problems, fragment).toContainEqual(expect.stringContaining(fragment));
    // cidr (an expression) and name/metadata_options (numbers where strings are wanted) pass.
    expect(problems).toHaveLength(expected.length);
  });

  it('checks a var.<name> argument by the type the variable declares', async () => {
    const hcl = `module "db" {
  source  = "terraform-aws-modules/rds/aws"
  version = "${MODULES.rds.version}"

  identifier             = var.name
  allocated_storage      = var.storage
  deletion_protection    = var.deletion_protection
  vpc_security_group_ids = var.security_groups
  engine_version         = var.engine_version
  instance_class         = var.untyped
}
`;
    const variablesTf = `variable "name" {
  type = string
}
variable "storage" {
  type = string
}
variable "deletion_protection" {
  type = bool
}
variable "security_groups" {
  type = map(string)
}
variable "engine_version" {
  type = number
}
variable "untyped" {}
`;
    const { problems } = await moduleProblems(hcl, [], variablesTf);
    expect(problems).toEqual([
      expect.stringContaining('allocated_storage (var.storage): string where number is wanted'),
      expect.stringContaining('vpc_security_group_ids (var.security_groups): map(string) where list(string) is wanted'),
    ]);
  });
});

const rendered = Object.keys(archetypes).map((key) => [key, renderTerraform(runChain(archetypes[key]!))] as const);

describe.each(rendered)('rendered Terraform: %s', (_, files) => {
  it('uses only inputs and outputs the pinned module versions have, with values of the declared types', async () => {
    const { problems, checked } = await moduleProblems(
      files['main.tf'],
      [files['outputs.tf'], files['versions.tf']],
      files['variables.tf'],
    );
    expect(checked.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

it('catches wrong types planted in a rendered archetype', async () => {
  const [, files] = rendered.find(
    ([, f]) => /^module "vpc"/m.test(f['main.tf']) && /^module "db"/m.test(f['main.tf']),
  )!;
  // The sizes are inputs now: plant each variable's default, quoted, where main.tf reads the variable.
  const fallback = (name: string) =>
    new RegExp(`^variable "${name}" \\{[^}]*?^ {2}default\\s*=\\s*(\\S+)$`, 'm').exec(files['variables.tf'])![1]!;
  const planted = files['main.tf']
    .replace(/^(\s*azs\s*=\s*)local\.azs$/m, '$1"eu-west-1a"')
    .replace(/^(\s*multi_az\s*=\s*)var\.db_multi_az$/m, `$1"${fallback('db_multi_az')}"`)
    .replace(/^(\s*allocated_storage\s*=\s*)var\.db_storage_gb$/m, `$1"${fallback('db_storage_gb')}"`);
  expect(planted).not.toBe(files['main.tf']);
  const { problems } = await moduleProblems(
    planted,
    [files['outputs.tf'], files['versions.tf']],
    files['variables.tf'],
  );
  expect(problems).toHaveLength(3);
  expect(problems).toEqual(
    expect.arrayContaining([
      expect.stringContaining('azs: string "eu-west-1a" where list(string) is wanted'),
      expect.stringMatching(/allocated_storage: string "\d+" where number is wanted/),
      expect.stringContaining('multi_az: string "true" where bool is wanted'),
    ]),
  );
});

it('renders every module block of the templates in at least one archetype', () => {
  const blocksDir = path.join(repoRoot, 'templates', 'terraform', 'blocks');
  const inTemplates = new Set(
    readdirSync(blocksDir).flatMap((file) =>
      [...readFileSync(path.join(blocksDir, file), 'utf8').matchAll(/^module "([\w-]+)"/gm)].map((m) => m[1]!),
    ),
  );
  const inRendered = new Set(
    rendered.flatMap(([, files]) => [...files['main.tf'].matchAll(/^module "([\w-]+)"/gm)].map((m) => m[1]!)),
  );
  expect([...inTemplates].filter((name) => !inRendered.has(name))).toEqual([]);
});
