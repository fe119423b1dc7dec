import * as tf from '@tensorflow/tfjs-core';
import type { RgbImage } from '../engine/image/rgbImage';
import { createInceptionStem, type InceptionStem } from '../engine/metrics/inceptionStem';
import { parseInceptionStemWeights, type InceptionStemWeights } from '../engine/metrics/inceptionStemWeights';
import { prepareSifidReference, sifidToReference, type SifidReference } from '../engine/metrics/sifid';
import { temporalSifid as temporalSifidWith } from '../engine/metrics/motion/temporalSifid';
import { STEM_MIN_INPUT_SIZE, stemOutputSize } from '../engine/metrics/stemArchitecture';

/**
 * SIFID in the worker, on whatever tfjs backend is active (WebGPU on the
 * shared device, or the CPU). The weights are fetched once; the stem is
 * rebuilt when the backend changes (a lost device means new tensors);
 * each real image's statistics are computed once and reused for every fake.
 */
let weights: Promise<InceptionStemWeights> | null = null;
/** Where the site's static files are (the page's base URL, from 'init'): the built site may sit under any sub-path. */
let assetBase: string | null = null;

export function setAssetBase(url: string): void {
  assetBase = url;
}
let stem: { backend: string; stem: InceptionStem } | null = null;
const references = new WeakMap<RgbImage, Promise<SifidReference>>();

function loadWeights(): Promise<InceptionStemWeights> {
  weights ??= (async () => {
    const base = new URL(
      'models/inception-stem/',
      assetBase ?? new URL(import.meta.env.BASE_URL, self.location.origin),
    );
    const [manifest, bin] = await Promise.all([
      fetch(new URL('stem.json', base)).then((r) =>
        r.ok ? (r.json() as Promise<unknown>) : Promise.reject(new Error(`stem.json: HTTP ${r.status}`)),
      ),
      fetch(new URL('stem.bin', base)).then((r) =>
        r.ok ? r.arrayBuffer() : Promise.reject(new Error(`stem.bin: HTTP ${r.status}`)),
      ),
    ]);
    return parseInceptionStemWeights(manifest, bin);
  })();
  weights.catch(() => (weights = null));
  return weights;
}

async function currentStem(): Promise<InceptionStem> {
  const backend = tf.getBackend();
  if (stem?.backend !== backend) {
    stem?.stem.dispose();
    stem = { backend, stem: createInceptionStem(tf, await loadWeights()) };
  }
  return stem.stem;
}

/** SIFID needs at least 2 feature positions: both sides ≥ 19 px and one of them larger. */
export function sifidDefinedFor(img: { height: number; width: number }): boolean {
  if (img.height < STEM_MIN_INPUT_SIZE || img.width < STEM_MIN_INPUT_SIZE) return false;
  const out = stemOutputSize(img.height, img.width);
  return out.height * out.width >= 2;
}

export async function sifid(real: RgbImage, fake: RgbImage): Promise<number> {
  const s = await currentStem();
  let ref = references.get(real);
  if (!ref) {
    ref = prepareSifidReference(s, real);
    references.set(real, ref);
    ref.catch(() => references.delete(real));
  }
  return sifidToReference(s, await ref, fake);
}

/**
 * SIFID between the real and the generated sequences' frame differences
 * (docs/algorithms.md, "Temporal SIFID"), on the worker's stem.
 */
export async function temporalSifid(real: readonly RgbImage[], fake: readonly RgbImage[]): Promise<number> {
  return temporalSifidWith(tf, await currentStem(), real, fake);
}

/** After a device loss the old stem's tensors are gone with their backend. */
export function forgetStem(): void {
  stem = null;
}
