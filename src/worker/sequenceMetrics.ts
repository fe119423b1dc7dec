import { flicker } from '../engine/animation/flicker';
import type { RgbImage } from '../engine/image/rgbImage';
import { directionAgreement, motionDirection } from '../engine/metrics/motion/motionDirection';
import { resizeImageTo } from '../engine/singan/singanPyramid';
import type { JobContext } from './jobContext';
import { sifid, sifidDefinedFor, temporalSifid } from './sifidService';

/**
 * What an animation is measured by (docs/algorithms.md, "Flicker", "Motion
 * direction and agreement" and "Temporal SIFID"): flicker and the mean motion
 * direction (phase correlation) always; with the frames a GIF → GIF model was
 * trained on, also the source's direction and the cosine between the two,
 * the temporal SIFID (frame differences against the source's) and each
 * frame's SIFID against the source frame at that step (cyclic past the
 * source's length). A GIF → GIF animation and the SinGAN noise walk of the
 * same model are measured alike, so the page can set them side by side.
 */
export async function emitSequenceMetrics(
  ctx: JobContext,
  made: readonly RgbImage[],
  trainingFrames: readonly RgbImage[] | undefined,
): Promise<void> {
  if (made.length === 0) return;
  ctx.emitMetric(0, null, 'flicker', flicker(made));
  if (made.length < 2) return;
  const motion = motionDirection(made);
  ctx.emitMetric(0, null, 'motion-angle', motion.angleDeg);
  if (!trainingFrames || trainingFrames.length < 2) return;
  // The training frames at the generated size (the working size may exceed maxSize; a model may be partly trained).
  const { height: h, width: w } = made[0];
  const real = trainingFrames.map((f) => (f.height === h && f.width === w ? f : resizeImageTo(f, h, w)));
  const source = motionDirection(real);
  ctx.emitMetric(0, null, 'source-motion-angle', source.angleDeg);
  ctx.emitMetric(0, null, 'motion-agreement', directionAgreement(motion, source));
  if (!sifidDefinedFor(real[0])) return;
  await ctx.checkpoint();
  ctx.emitMetric(0, null, 'temporal-sifid', await temporalSifid(real, made));
  for (const [i, frame] of made.entries()) {
    await ctx.checkpoint();
    ctx.emitMetric(i, 0, 'sifid', await sifid(real[i % real.length], frame));
  }
}
