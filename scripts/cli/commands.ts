/**
 * The command table: every feature folder's commands (src/features/<family>/cli.ts, found by listing the folders,
 * so a new family needs no line here or in main.ts), the shared `animate` over the folders' animation engines, and
 * `replay`; and the usage text assembled from them. See docs/architecture.md, "CLI and benchmarks".
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FEATURES } from '../../src/features';
import { collectOnce } from '../../src/jobs/collectOnce';
import { animateCommand } from './animate';
import type { CliCommand, FeatureCli } from './command';
import { replayCommand } from './replay';

const FEATURES_DIR = fileURLToPath(new URL('../../src/features/', import.meta.url));

/** One feature folder's cli.ts, loaded. */
export interface FeatureCliEntry {
  /** The folder's name (a feature's name in FEATURES). */
  readonly feature: string;
  readonly cli: FeatureCli;
}

/**
 * Loads every src/features/<family>/cli.ts, in FEATURES' order (the usage text follows it; a folder FEATURES does
 * not name comes after, by name, so the order stays stable).
 */
export async function loadFeatureClis(dir: string = FEATURES_DIR): Promise<FeatureCliEntry[]> {
  const order: readonly string[] = FEATURES.map((f) => f.name);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const folders = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'cli.ts')))
    .map((d) => d.name)
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return Promise.all(
    folders.map(async (feature) => {
      const mod = (await import(pathToFileURL(join(dir, feature, 'cli.ts')).href)) as { cli?: FeatureCli };
      if (!mod.cli || !Array.isArray(mod.cli.commands))
        throw new Error(`src/features/${feature}/cli.ts must export \`cli\`, a FeatureCli ({ commands, animations? })`);
      return { feature, cli: mod.cli };
    }),
  );
}

export interface CommandTable {
  /** By first word. */
  readonly commands: ReadonlyMap<string, CliCommand>;
  /** The usage text: every synopsis line, then every option section, family by family, then replay's. */
  readonly usage: string;
}

/** Builds the table; a name two folders (or a folder and a shared command) both claim is refused, naming both. */
export function commandTable(features: readonly FeatureCliEntry[]): CommandTable {
  const engines = features.flatMap((f) => f.cli.animations ?? []);
  const shared = [...(engines.length > 0 ? [animateCommand(engines)] : []), replayCommand];
  const fileOf = (feature: string) => `src/features/${feature}/cli.ts`;
  // One table per command, so a name given twice in one file is caught as well as across files.
  const one = <T extends { readonly name: string }>(from: string, c: T) => [from, { [c.name]: c }] as const;
  const commands = new Map(
    Object.entries(
      collectOnce<CliCommand>({ item: 'definition', key: 'CLI command' }, [
        ...features.flatMap(({ feature, cli }) => cli.commands.map((c) => one(fileOf(feature), c))),
        ...shared.map((c) => one(`scripts/cli/${c.name}.ts`, c)),
      ]),
    ),
  );
  collectOnce(
    { item: 'definition', key: 'CLI animate engine' },
    features.flatMap(({ feature, cli }) => (cli.animations ?? []).map((e) => one(fileOf(feature), e))),
  );
  // A family's animate line sits beside its own commands, as its options do.
  const blocks = [...features.map(({ cli }) => [...cli.commands, ...(cli.animations ?? [])]), [replayCommand]];
  const synopsis = blocks.flat().flatMap((c) => c.usage);
  const help = blocks.flat().flatMap((c) => c.help);
  return { commands, usage: `Usage:\n${synopsis.join('\n')}\n\n${help.join('\n')}\n` };
}
