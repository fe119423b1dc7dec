import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features';
import type { CliCommand } from './command';
import { commandTable, loadFeatureClis, type FeatureCliEntry } from './commands';

const command = (name: string, usage = [`  npm run cli -- ${name}`]): CliCommand => ({
  name,
  tasks: [],
  usage,
  help: [],
  run: () => Promise.resolve(),
});

describe('the CLI command table', () => {
  it('loads every feature folder’s cli.ts, in the feature list’s order', async () => {
    const loaded = await loadFeatureClis();
    const names = loaded.map((f) => f.feature);
    // The families that have commands today; a new folder with a cli.ts joins this list.
    expect(names).toEqual(['gpnn', 'sifid', 'singan', 'gif2gif']);
    const order = FEATURES.map((f) => f.name);
    expect(names.map((n) => order.indexOf(n))).toEqual([...names.map((n) => order.indexOf(n))].sort((a, b) => a - b));
    for (const { cli } of loaded) expect(cli.commands.length + (cli.animations?.length ?? 0)).toBeGreaterThan(0);
  });

  it('has unique names and lists every command, task and animation engine in the usage text', async () => {
    const { commands, usage } = commandTable(await loadFeatureClis());
    expect([...commands.keys()].sort()).toEqual(['animate', 'gif2gif', 'gpnn', 'replay', 'sifid', 'singan']);
    const synopsis = usage.split('\n').filter((l) => l.startsWith('  npm run cli -- '));
    for (const c of commands.values()) {
      const lines = synopsis.filter((l) => l.startsWith(`  npm run cli -- ${c.name} `));
      expect(lines.length, c.name).toBeGreaterThan(0);
      for (const u of c.usage) expect(synopsis, c.name).toContain(u);
      for (const t of c.tasks)
        expect(
          lines.some((l) => l.includes(t)),
          `${c.name} ${t}`,
        ).toBe(true);
      for (const h of c.help) expect(usage.split('\n'), c.name).toContain(h);
    }
    expect(commands.get('animate')?.tasks).toEqual(['gpnn', 'singan']);
  });

  it('refuses a command name two folders claim, and an animate engine claimed twice', () => {
    const a: FeatureCliEntry = { feature: 'a', cli: { commands: [command('same')] } };
    const b: FeatureCliEntry = { feature: 'b', cli: { commands: [command('same')] } };
    expect(() => commandTable([a, b])).toThrow(
      'CLI command "same" has two definitions: in src/features/a/cli.ts and in src/features/b/cli.ts.',
    );
    expect(() => commandTable([{ feature: 'a', cli: { commands: [command('x'), command('x')] } }])).toThrow(
      'CLI command "x" has two definitions: in src/features/a/cli.ts and in src/features/a/cli.ts.',
    );
    expect(() => commandTable([{ feature: 'c', cli: { commands: [command('replay')] } }])).toThrow(
      'CLI command "replay" has two definitions',
    );
    const engine = {
      name: 'e',
      usage: [],
      help: [],
      prepare: () => ({ inputs: [], job: () => ({}) as never, report: {} }),
    };
    expect(() =>
      commandTable([
        { feature: 'a', cli: { commands: [], animations: [engine] } },
        { feature: 'b', cli: { commands: [], animations: [engine] } },
      ]),
    ).toThrow('CLI animate engine "e" has two definitions');
  });

  it('refuses a cli.ts that exports no command list', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-features-'));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'cli.ts'), 'export const commands = [];\n');
    await expect(loadFeatureClis(dir)).rejects.toThrow('src/features/broken/cli.ts must export `cli`');
  });
});
