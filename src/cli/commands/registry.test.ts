import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../core/channel.js';
import { COMMANDS } from './index.js';
import { helpOf } from '../../../test/helpers/help.js';

const commandsDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(commandsDir, '..', '..', '..');

describe('the command registry (commands/index.ts)', () => {
  it('lists every folder under commands/, each with a define.ts and a run.ts exporting run', async () => {
    const folders = fs.readdirSync(commandsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(COMMANDS).toHaveLength(folders.length);
    for (const { name } of folders) {
      expect(fs.existsSync(path.join(commandsDir, name, 'define.ts')), `${name}/define.ts`).toBe(true);
      expect(fs.existsSync(path.join(commandsDir, name, 'run.ts')), `${name}/run.ts`).toBe(true);
    }
    for (const definition of COMMANDS) {
      const module = await definition.load();
      expect(typeof module.run, `${definition.path.join(' ')}: run`).toBe('function');
    }
  });

  it('gives every command a --help that ends with examples of that very command', async () => {
    const top = await helpOf([]);
    expect(top).toMatch(/\nExamples:\n {2}soloops /);
    for (const definition of COMMANDS) {
      const help = await helpOf(definition.path);
      const words = definition.path.join(' ');
      expect(help, words).toContain(`Usage: soloops ${words} `);
      expect(help, words).toMatch(new RegExp(`\\nExamples:\\n(  .*\\n)*  .*soloops (--json )?${words}\\b`));
    }
  });

  it("names in digest --send's help exactly the digest's channels (CHANNELS but call and sms)", async () => {
    const help = (await helpOf(['digest'])).replace(/\s+/g, ' ');
    const digestChannels = CHANNELS.filter((channel) => channel !== 'call' && channel !== 'sms');
    expect(help).toContain(`send it: ${digestChannels.join(', ')} (comma-separated`);
  });

  // The e2e test (test/e2e/cli.test.ts) watches which files `--help` loads; the entry chunk itself is
  // one file, so this checks what got into it: the program, the define.ts files and commander only.
  it('keeps run.ts, app code and every SDK out of what --help loads', async () => {
    // Dynamic imports (each command's run.ts) are left out: only what loads before any command runs.
    const result = await build({
      entryPoints: [path.join(repoRoot, 'src/cli/main.ts')],
      absWorkingDir: repoRoot,
      bundle: true,
      format: 'esm',
      platform: 'node',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
      plugins: [
        {
          name: 'leave-dynamic-imports',
          setup: (plugin) =>
            plugin.onResolve({ filter: /.*/ }, (args) =>
              args.kind === 'dynamic-import' ? { external: true } : undefined,
            ),
        },
      ],
    });
    const [output] = Object.values(result.metafile.outputs);
    const staticImports = output!.imports.filter((i) => i.external && i.kind === 'import-statement').map((i) => i.path);
    const loaded = [...Object.keys(result.metafile.inputs), ...staticImports];
    const allowed = (file: string) =>
      /^src\/cli\/(main|program)\.ts$/.test(file) ||
      /^src\/cli\/commands\/(index|definition|[\w-]+\/define)\.ts$/.test(file) ||
      /^src\/core\//.test(file) ||
      file === 'commander';
    expect(loaded.filter((file) => !allowed(file))).toEqual([]);
    expect(loaded).toContain('src/cli/commands/digest/define.ts');
  });
});
