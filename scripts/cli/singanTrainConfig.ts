/**
 * The SinGAN training options both training commands read (singan train, and gif2gif train, which takes singan
 * train's flags): shared here, since a feature's CLI files reach another feature only through its index.ts.
 */
import { configFromPreset } from '../../src/engine/singan/configFromPreset';
import { ATTENTION_PLACEMENTS, type AttentionPlacement, type SinganConfig } from '../../src/engine/singan/singanConfig';
import { fail, num, type Flags } from './args';

/** The working image's longer side: max-size when larger, else the studio's default (so the CLI and the page train on the same pixels). */
export const singanWorkingSide = (config: SinganConfig) => Math.max(config.maxSize, 256);

/** The training config: a preset with the command line's overrides (checked against the image once it is read). */
export function singanTrainConfig(values: Flags): { preset: string; config: SinganConfig } {
  const presetName = values.preset ?? 'fast';
  if (presetName !== 'fast' && presetName !== 'paper') fail(`--preset must be fast or paper, got "${presetName}"`);
  const attention = (values.attention ?? 'none') as AttentionPlacement;
  if (!ATTENTION_PLACEMENTS.includes(attention))
    fail(`--attention must be one of ${ATTENTION_PLACEMENTS.join(', ')}, got "${attention}"`);
  const feedForward = values.ff !== undefined;
  if (feedForward && attention === 'none') fail('--ff adds a block after each attention block: it needs --attention');
  // Undefined leaves the preset's value; the numbers are read in this order so the first bad flag is the one reported.
  const whole = (name: string) => (values[name] === undefined ? undefined : num(values[name], name, 0, true));
  const iterations = whole('iterations');
  const channels = whole('channels');
  const steps = whole('steps');
  const maxSize = whole('max-size');
  const minSize = whole('min-size');
  const seed = whole('seed');
  const config = configFromPreset(presetName, {
    maxSize,
    minSize,
    iterations,
    channels,
    steps,
    attention,
    feedForward,
    // Previews feed the studio's live view; here they would only cost time.
    previewEvery: 0,
    seed,
  });
  return { preset: presetName, config };
}
