/**
 * The shape of a command-line command, shared by the feature folders that own them (src/features/<family>/cli.ts)
 * and the commands that work for every family (animate, replay, here in scripts/cli). main.ts finds the feature
 * folders' commands by listing the feature folders for cli.ts (commands.ts), so a family adds a command without a line
 * outside its folder; see docs/architecture.md, "CLI and benchmarks".
 */
import type { AnimationEngine } from './animationEngine';
import type { Flags } from './args';

/** One first word of `npm run cli -- <name> …` and everything it does. */
export interface CliCommand {
  /** The first word; unique across every folder's commands and the shared ones. */
  readonly name: string;
  /** The words it takes after the name (its tasks), in the order its own messages list them; none for a command without tasks. */
  readonly tasks: readonly string[];
  /** Its synopsis lines in the usage text, each as printed ("  npm run cli -- …"). */
  readonly usage: readonly string[];
  /** Its option sections in the usage text (a heading line, then indented option lines), as printed; may be empty. */
  readonly help: readonly string[];
  /** Runs it on the words after its name and the parsed flags: bad usage throws UsageError (fail), exit 2. */
  run(args: readonly string[], flags: Flags): Promise<void>;
}

/** What a feature folder's cli.ts exports as `cli`: its commands, and its engines for the shared `animate <engine>`. */
export interface FeatureCli {
  readonly commands: readonly CliCommand[];
  readonly animations?: readonly AnimationEngine[];
}
