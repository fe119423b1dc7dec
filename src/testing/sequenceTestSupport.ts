// Shared by the GIF → GIF tests (not a test file itself).
import { gaussianStream, noiseMap, uniformStream } from '../engine/singan/noise';
import { initialValues } from '../engine/singan/paramSpec';
import { freezeNet } from '../engine/singan/singanModel';
import { randomModel, TINY_IMAGE, tf, tinyConfig } from './singanTestSupport';
import type { NetWeights } from '../engine/singan/tfTypes';
import { sequenceMotionAt, type SequenceVariant } from '../engine/gif2gif/sequenceConfig';
import type { SequenceModel } from '../engine/gif2gif/sequenceModel';
import { sequencerSpec } from '../engine/gif2gif/sequenceNet';

/** A GIF → GIF model with random weights: SinGAN's scales plus each scale's sequencer and per-frame z*. */
export async function randomSequenceModel(
  variant: SequenceVariant,
  frames: number,
  finished?: number,
  motion = 0,
): Promise<SequenceModel> {
  const config = tinyConfig();
  const still = await randomModel(config, TINY_IMAGE, finished);
  const hidden = 3;
  const [h0, w0] = still.scaleShapes[0];
  const scales = [];
  for (const [s, scale] of still.scales.entries()) {
    const specs = sequencerSpec(variant, hidden, sequenceMotionAt({ motion }, s));
    let seq = null;
    if (specs.length > 0) {
      const w: NetWeights = {};
      const gauss = gaussianStream(config.seed, 96, s);
      const uniform = uniformStream(config.seed, 95, s);
      // The motion head starts at zeros: give it values, so a file that dropped or shuffled them would sample differently.
      for (const p of specs)
        w[p.name] = tf.tensor(
          p.name.startsWith('move.')
            ? initialValues({ ...p, init: 'conv' }, gauss, uniform).map((v) => 5 * v)
            : initialValues(p, gauss, uniform),
          [...p.shape],
        );
      seq = await freezeNet(tf, w);
    }
    scales.push({ ...scale, seq });
  }
  const noises = variant === 'one-to-many' ? 1 : frames;
  const zStars = [
    still.zStar,
    ...Array.from({ length: noises - 1 }, (_, t) => noiseMap(gaussianStream(config.seed, 94, t), h0, w0, 1)),
  ];
  return { ...still, scales, sequence: { variant, hidden, chunk: 2, motion, frames, zStars } };
}
