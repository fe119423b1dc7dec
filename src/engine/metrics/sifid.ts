// SIFID (Shaham et al., SinGAN 2019): Fréchet distance between the Gaussian
// statistics of Inception-stem features of two single images, every spatial
// position of the feature map being one sample (docs/algorithms.md, "SIFID").

import {
  frechetDistanceToReference,
  gaussianStats,
  prepareFrechetReference,
  type FrechetReference,
  type GaussianStats,
} from './frechet';
import type { RgbImage } from '../image/rgbImage';
import { createInceptionStem, StemInputError, type InceptionStem, type Tf } from './inceptionStem';
import type { InceptionStemWeights } from './inceptionStemWeights';
import { formatSize } from '../image/formatSize';

/** Feature statistics of one image. Async because GPU backends read back asynchronously. */
export async function stemFeatureStats(stem: InceptionStem, image: RgbImage, what = 'image'): Promise<GaussianStats> {
  const features = stem.features(image);
  const [height, width, channels] = features.shape;
  let data: Float32Array;
  try {
    data = (await features.data()) as Float32Array;
  } finally {
    features.dispose();
  }
  if (height * width < 2) {
    throw new StemInputError(
      `${what} is ${formatSize(image.width, image.height)} px, which gives only ${height * width} feature position; ` +
        'SIFID needs at least 2 (e.g. 19×23 px)',
    );
  }
  return gaussianStats(data, height * width, channels);
}

/** The source image's side of SIFID, computed once and reused for every generated sample. */
export type SifidReference = FrechetReference;

export async function prepareSifidReference(stem: InceptionStem, real: RgbImage): Promise<SifidReference> {
  return prepareFrechetReference(await stemFeatureStats(stem, real, 'real image'));
}

export async function sifidToReference(
  stem: InceptionStem,
  reference: SifidReference,
  fake: RgbImage,
): Promise<number> {
  return frechetDistanceToReference(reference, await stemFeatureStats(stem, fake, 'generated image'));
}

/** One-off SIFID; for many samples against one source use prepareSifidReference + sifidToReference. */
export async function sifid(tf: Tf, weights: InceptionStemWeights, real: RgbImage, fake: RgbImage): Promise<number> {
  const stem = createInceptionStem(tf, weights);
  try {
    const reference = await prepareSifidReference(stem, real);
    return await sifidToReference(stem, reference, fake);
  } finally {
    stem.dispose();
  }
}
