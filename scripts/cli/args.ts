/**
 * The command line's words that every command shares: flag parsing (one table for all commands) and its checks. The
 * commands, their tasks and usage text live with their families (src/features/<family>/cli.ts; see commands.ts).
 */
import { parseArgs } from 'node:util';
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../../src/protocol/messages';

/** Parsed flags as the commands read them (--ff and --json, the boolean ones, only need `!== undefined`). */
export type Flags = Record<string, string | undefined>;

/** Bad usage (exit 2, with the usage text), as opposed to a failure of the work itself (exit 1). */
export class UsageError extends Error {}

export function fail(message: string): never {
  throw new UsageError(message);
}

/** Node's own parse errors (an unknown flag, a missing value) are bad usage too. */
export function isUsageError(err: unknown): err is Error {
  return (
    err instanceof UsageError ||
    (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
  );
}

/** Options of one command only; refused elsewhere so a misplaced flag is not silently ignored. */
export const GPNN_ONLY = [
  'input2',
  'input3',
  'input4',
  'mask',
  'height',
  'nn',
  'pm-rounds',
  'target-height',
  'target-width',
  'patch',
  'alpha',
  'fine-alpha',
  'fine-vote',
  'blend',
  'sigma',
  'coarse',
  'coarse-shape',
  'distance',
  'coherence',
] as const;
export const SINGAN_TRAIN_ONLY = ['preset', 'attention', 'ff', 'max-size', 'min-size', 'channels', 'steps'] as const;
/** singan sr's own flags (refused by singan sample, animate singan and gif2gif generate, which take a model too). */
export const SINGAN_SR_ONLY = ['factor', 'reference'] as const;
export const SINGAN_USE_ONLY = [
  'model',
  'height-factor',
  'width-factor',
  'beta',
  'start-scale',
  ...SINGAN_SR_ONLY,
] as const;
export const ANIMATE_ONLY = ['frames', 'fps', 'loop', 'png-zip'] as const;
export const GIF2GIF_ONLY = ['variant', 'hidden', 'chunk', 'motion', 'reverse', 'engine', 'voting'] as const;

export function refuse(values: Record<string, unknown>, names: readonly string[], where: string): void {
  for (const n of names) if (values[n] !== undefined) fail(`--${n} does not apply to ${where}`);
}

export function num(v: string | undefined, name: string, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)))
    fail(`--${name} must be a ${integer ? 'whole ' : ''}number, got "${v}"`);
  return n;
}

export function backendOption(value: string | undefined): BackendChoice {
  const backend = value ?? 'auto';
  if (!isBackendChoice(backend)) fail(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got "${backend}"`);
  return backend;
}

/** Every command's flags in one table: a flag unknown to all of them is a parse error, one known elsewhere is refused by the command. */
export function parseCliArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      input: { type: 'string' },
      recipe: { type: 'string' },
      input2: { type: 'string' },
      input3: { type: 'string' },
      input4: { type: 'string' },
      mask: { type: 'string' },
      out: { type: 'string' },
      height: { type: 'string' },
      seed: { type: 'string' },
      samples: { type: 'string' },
      nn: { type: 'string' },
      'pm-rounds': { type: 'string' },
      'fine-alpha': { type: 'string' },
      'fine-vote': { type: 'string' },
      blend: { type: 'string' },
      report: { type: 'string' },
      'target-height': { type: 'string' },
      'target-width': { type: 'string' },
      patch: { type: 'string' },
      alpha: { type: 'string' },
      sigma: { type: 'string' },
      coarse: { type: 'string' },
      'coarse-shape': { type: 'string' },
      iterations: { type: 'string' },
      distance: { type: 'string' },
      backend: { type: 'string' },
      frames: { type: 'string' },
      fps: { type: 'string' },
      loop: { type: 'string' },
      coherence: { type: 'string' },
      'png-zip': { type: 'string' },
      model: { type: 'string' },
      preset: { type: 'string' },
      attention: { type: 'string' },
      ff: { type: 'boolean' },
      'max-size': { type: 'string' },
      'min-size': { type: 'string' },
      channels: { type: 'string' },
      steps: { type: 'string' },
      'height-factor': { type: 'string' },
      'width-factor': { type: 'string' },
      beta: { type: 'string' },
      'start-scale': { type: 'string' },
      factor: { type: 'string' },
      reference: { type: 'string' },
      variant: { type: 'string' },
      hidden: { type: 'string' },
      chunk: { type: 'string' },
      motion: { type: 'string' },
      reverse: { type: 'boolean' },
      engine: { type: 'string' },
      voting: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
