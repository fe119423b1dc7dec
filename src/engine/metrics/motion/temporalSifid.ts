// SIFID for animations: per generated frame against the real frame at the
// same step, and "temporal SIFID", SIFID between the real and the generated
// sequence's frame differences, which scores how things change from frame
// to frame rather than how each frame looks.

import { createRgbImage, type RgbImage } from '../../image/rgbImage';
import { assertRgbImage } from '../image';
import { createInceptionStem, type InceptionStem, type Tf } from '../inceptionStem';
import type { InceptionStemWeights } from '../inceptionStemWeights';
import { prepareSifidReference, sifidToReference, type SifidReference } from '../sifid';
import { formatSize } from '../../image/formatSize';

/** A ready stem (reused, not disposed here) or its weights (a stem is made with tf and disposed after). */
export type StemOrWeights = InceptionStem | InceptionStemWeights;

async function withStem<T>(tf: Tf, stemOrWeights: StemOrWeights, use: (stem: InceptionStem) => Promise<T>): Promise<T> {
  if ('features' in stemOrWeights) return use(stemOrWeights);
  const stem = createInceptionStem(tf, stemOrWeights);
  try {
    return await use(stem);
  } finally {
    stem.dispose();
  }
}

const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

/**
 * The change from frame a to frame b as an image SIFID can read:
 * (clamp(b) − clamp(a) + 1) / 2 per channel. Frames are clamped to [0, 1]
 * first (generated frames may overshoot), so the difference lies in [−1, 1]
 * and maps linearly and exactly onto [0, 1]: no change is mid-grey 0.5,
 * brightening is lighter, darkening darker. The same mapping for real and
 * generated sequences, so their statistics are comparable.
 */
export function frameDifference(a: RgbImage, b: RgbImage): RgbImage {
  assertRgbImage(a, 'frameDifference: frame a');
  assertRgbImage(b, 'frameDifference: frame b');
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(
      `frameDifference: frames differ in size, ${formatSize(a.width, a.height)} and ${formatSize(b.width, b.height)}`,
    );
  }
  const out = createRgbImage(a.height, a.width);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (clamp01(b.data[i]) - clamp01(a.data[i]) + 1) / 2;
  return out;
}

/** frameDifference of every consecutive pair: d_t = f_{t+1} − f_t, t = 0 … n−2 (no last → first wrap). */
export function frameDifferences(frames: readonly RgbImage[]): RgbImage[] {
  const out: RgbImage[] = [];
  for (let t = 0; t + 1 < frames.length; t++) out.push(frameDifference(frames[t], frames[t + 1]));
  return out;
}

/**
 * SIFID of every generated frame against one real frame each: generated
 * frame t against real frame t mod (number of real frames), i.e. cyclic over
 * the real sequence when the generated one is longer (a generated loop may
 * run several times the source's length). Each real frame's statistics are
 * computed once. Lower is better; one value per generated frame.
 */
export async function perFrameSifid(
  tf: Tf,
  stem: StemOrWeights,
  realFrames: readonly RgbImage[],
  fakeFrames: readonly RgbImage[],
): Promise<number[]> {
  if (realFrames.length === 0) throw new RangeError('perFrameSifid: no real frames');
  return withStem(tf, stem, (s) => sifidPaired(s, realFrames, fakeFrames, 'real frame', 'generated frame'));
}

/**
 * Temporal SIFID: the mean over t of SIFID(real difference, generated
 * difference), the differences being frameDifferences of each sequence. The
 * generated difference t is paired with real difference t mod (real frames −
 * 1), cyclic like perFrameSifid, so every generated step is scored and a
 * shorter generated sequence simply has fewer steps. Lower is better: the
 * generated animation changes from frame to frame the way the source does
 * (what moves, by how much, with what texture), independently of how each
 * frame looks. Each sequence needs at least two frames.
 */
export async function temporalSifid(
  tf: Tf,
  stem: StemOrWeights,
  realFrames: readonly RgbImage[],
  fakeFrames: readonly RgbImage[],
): Promise<number> {
  if (realFrames.length < 2 || fakeFrames.length < 2) {
    throw new RangeError(
      `temporalSifid needs at least 2 frames per sequence (real ${realFrames.length}, generated ${fakeFrames.length})`,
    );
  }
  const scores = await withStem(tf, stem, (s) =>
    sifidPaired(
      s,
      frameDifferences(realFrames),
      frameDifferences(fakeFrames),
      'real frame difference',
      'generated frame difference',
    ),
  );
  return scores.reduce((sum, v) => sum + v, 0) / scores.length;
}

/** SIFID(real[t mod n], fake[t]) for every t, each real reference prepared once. */
async function sifidPaired(
  stem: InceptionStem,
  real: readonly RgbImage[],
  fake: readonly RgbImage[],
  realWhat: string,
  fakeWhat: string,
): Promise<number[]> {
  const references = new Map<number, SifidReference>();
  const scores: number[] = [];
  for (let t = 0; t < fake.length; t++) {
    const r = t % real.length;
    let reference = references.get(r);
    if (!reference) {
      assertRgbImage(real[r], `${realWhat} ${r}`);
      reference = await prepareSifidReference(stem, real[r]);
      references.set(r, reference);
    }
    assertRgbImage(fake[t], `${fakeWhat} ${t}`);
    scores.push(await sifidToReference(stem, reference, fake[t]));
  }
  return scores;
}
