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
// output names of each pinned module version, read from its source, live in a fixture, and every
// module block the templates render is checked against it.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface ModuleNames {
  source: string;
  version: string;
  inputs: string[];
  outputs: string[];
}
const fixture = JSON.parse(readFileSync(path.join(repoRoot, 'test', 'fixtures', 'terraform-module-inputs.json'), 'utf8')) as { modules: Record<string, ModuleNames> };

/** Arguments Terraform itself gives every module block; they are not variables of the module. */
const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);

const keyOf = (source: unknown): ModuleKey | undefined => (Object.keys(MODULES) as ModuleKey[]).find((key) => MODULES[key].source === source);

/**
 * Every argument of a module block that is not an input of that module version, and every
 * `module.<name>.<output>` reference to an output the module does not have, as readable lines.
 */
async function moduleProblems(mainTf: string, otherFiles: string[] = []): Promise<{ problems: string[]; checked: string[] }> {
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
      for (const argument of Object.keys(body)) {
        if (!META_ARGUMENTS.has(argument) && !inputs.has(argument)) problems.push(`module "${name}" (${MODULES[key].source} ${names.version}): no input "${argument}"`);
      }
    }
  }
  for (const text of [mainTf, ...otherFiles]) {
    for (const [, name, output] of text.matchAll(/\bmodule\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) {
      const key = blocks.get(name!);
      if (!key) problems.push(`module.${name}.${output}: no module "${name}" is declared`);
      else if (!fixture.modules[key]!.outputs.includes(output!)) problems.push(`module.${name}.${output}: ${MODULES[key].source} ${fixture.modules[key]!.version} has no output "${output}"`);
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
    expect(problems).toEqual([expect.stringContaining('no input "cidr_block"'), expect.stringContaining('no output "vpc_idd"')]);
  });
});

const rendered = Object.keys(archetypes).map((key) => [key, renderTerraform(runChain(archetypes[key]!))] as const);

describe.each(rendered)('rendered Terraform: %s', (_, files) => {
  it('uses only inputs and outputs the pinned module versions have', async () => {
    const { problems, checked } = await moduleProblems(files['main.tf'], [files['outputs.tf'], files['versions.tf']]);
    expect(checked.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});

it('renders every module block of the templates in at least one archetype', () => {
  const blocksDir = path.join(repoRoot, 'templates', 'terraform', 'blocks');
  const inTemplates = new Set(readdirSync(blocksDir).flatMap((file) => [...readFileSync(path.join(blocksDir, file), 'utf8').matchAll(/^module "([\w-]+)"/gm)].map((m) => m[1]!)));
  const inRendered = new Set(rendered.flatMap(([, files]) => [...files['main.tf'].matchAll(/^module "([\w-]+)"/gm)].map((m) => m[1]!)));
  expect([...inTemplates].filter((name) => !inRendered.has(name))).toEqual([]);
});
