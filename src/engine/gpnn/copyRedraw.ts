import { meanAbsChange } from '../animation/flicker';
import type { RgbImage } from '../image/rgbImage';
import type { GpnnBackend } from './gpnnBackend';
import type { GpnnParams } from './gpnnParams';
import type { GpnnPlan } from './gpnnPlan';
import { noisyStart } from './initialGuess';
import type { SynthesisOptions } from './synthesize';
import { patchIncoherence, patchIncompleteness, patchSelfScale } from './coherence';

/**
 * A random sample whose coarse level ends within this mean |Δ| (in [0,1]) of
 * the source's level has snapped back to the source: the identity is a fixed
 * point of GPNN's search. The exact search with strong completeness falls
 * into it from about a third of the noise draws at the 14 px level, and
 * PatchMatch's propagation one level or two later (measured on Places50; the
 * reference code does the same). Such a draw is replaced by the next noise
 * draw of the same seed; the finer levels then follow the new arrangement.
 */
export const COARSE_COPY_DISTANCE = 0.03;
/**
 * A random sample whose layout at the last checked coarse level has its least
 * coherent 3% of patches (INCOHERENT_QUANTILE) this far or farther from any
 * source patch, as a multiple of the source's own patch scale
 * (patchSelfScale), is redrawn: along some seam it is made of patches the
 * source does not have (a strip of town above the sky, a hill folded into
 * it). Measured on Places50 at full size, seeds 1–3 of five photos: the three
 * broken samples scored 2.09–2.25, the others 0.46–1.23 (docs/algorithms.md,
 * "Incoherent coarse layouts").
 */
export const INCOHERENT_LAYOUT = 1.6;
export const INCOHERENT_QUANTILE = 0.97;
/**
 * A random sample whose layout at the last checked coarse level leaves out
 * part of the source is redrawn too: the 90th percentile (INCOMPLETE_QUANTILE)
 * of the distances from each source patch to its nearest sample patch
 * (patchIncompleteness), as a multiple of the source's patch scale, above
 * this. Such a sample is coherent, every patch the source's, but has lost a
 * region, such as a landscape without its sky. Measured at full size on
 * Places50 (seeds 1–3 of all 50 images) and the photos set (seeds 1–8 of 22):
 * the sample without sky (7.jpg seed 3, SIFID 7.9× its image's median)
 * scored 1.19 and one at 3.3× its median 1.01; 2–3% of draws score above 1,
 * the median draw 0.58 (docs/algorithms.md, "Incomplete coarse layouts").
 */
export const INCOMPLETE_LAYOUT = 1;
export const INCOMPLETE_QUANTILE = 0.9;
/** Levels whose shorter side is up to this multiple of the coarsest's are checked for copies: all cheap ones. */
const COPY_CHECK_SIDE = 2;
/** Noise draws tried per sample before the one farthest from the source is kept regardless. */
export const MAX_NOISE_DRAWS = 8;

/**
 * The finest level a random sample is checked at for copies of the source
 * (the cheap, coarse ones), for any pyramid: `shorterSides` from finest (0)
 * to coarsest, `coarsest` the side the pyramid stops at. Stills and videos
 * (VGPNN) share it so both check the same levels of their pyramids.
 */
export function coarseCheckLevel(shorterSides: readonly number[], coarsest: number, depth: number): number {
  const k = shorterSides.findIndex((side) => side <= COPY_CHECK_SIDE * coarsest);
  return k < 0 ? depth : Math.min(depth, k);
}

/** coarseCheckLevel of a still's plan. */
export function copyCheckLevel(plan: GpnnPlan, params: GpnnParams): number {
  return coarseCheckLevel(
    plan.source.map((shape) => Math.min(...shape)),
    params.coarseDim,
    plan.depth,
  );
}

/**
 * What copyRedraw checks a job's samples against, made once per job (or
 * animation) by copyCheckLevels and shared by all its samples: the source's
 * own levels (from the last checked one up, and the finest), and the source's
 * own patch scale at a checked level (patchSelfScale), filled in on first use.
 */
export interface CopyCheck {
  readonly levels: ReadonlyMap<number, RgbImage>;
  readonly selfScales: Map<number, number>;
}

/** The source's levels that copyRedraw compares with (from `from` up, and the finest), downloaded once per job. */
export async function copyCheckLevels<Img>(
  backend: GpnnBackend<Img>,
  levels: readonly Img[],
  from: number,
): Promise<CopyCheck> {
  const out = new Map<number, RgbImage>([[0, await backend.download(levels[0])]]);
  for (let k = from; k < levels.length; k++) out.set(k, await backend.download(levels[k]));
  return { levels: out, selfScales: new Map() };
}

/** The source's own patch scale at a checked level, computed once per job. */
function selfScaleAt(check: CopyCheck, level: number, p: number): number {
  let scale = check.selfScales.get(level);
  if (scale === undefined) check.selfScales.set(level, (scale = patchSelfScale(check.levels.get(level)!, p)));
  return scale;
}

/**
 * How a random sample recognises a draw to refuse, and the next noise draw of
 * the same seed. A draw that came back as the source (mean |Δ| to the
 * source's level under COARSE_COPY_DISTANCE at a checked level, or at the
 * finest) is refused; so is one whose layout, at the last checked level,
 * is made of patches the source does not have (INCOHERENT_LAYOUT) or leaves
 * out a part of the source (INCOMPLETE_LAYOUT). After MAX_NOISE_DRAWS the
 * best refused draw is kept: an incoherent or incomplete one before a copy,
 * the one least past its threshold of those, else the copy that got farthest.
 */
export function copyRedraw(
  plan: GpnnPlan,
  params: GpnnParams,
  check: CopyCheck,
  seed: number,
): NonNullable<SynthesisOptions['redraw']> {
  const { levels } = check;
  const checkDownTo = copyCheckLevel(plan, params);
  return {
    checkDownTo,
    reject: (result, level) => {
      const d = meanAbsChange(result, levels.get(level)!);
      if (d < COARSE_COPY_DISTANCE) return d;
      if (level !== checkDownTo || level === 0) return null;
      const source = levels.get(level)!;
      const scale = selfScaleAt(check, level, params.patchSize);
      // How far past its threshold the worse of the two is; a refused draw's score falls as it grows.
      const over = Math.max(
        patchIncoherence(result, source, params.patchSize, INCOHERENT_QUANTILE) / scale / INCOHERENT_LAYOUT,
        patchIncompleteness(result, source, params.patchSize, INCOMPLETE_QUANTILE) / scale / INCOMPLETE_LAYOUT,
      );
      return over > 1 ? 1 / over : null;
    },
    next: (draw) =>
      draw < MAX_NOISE_DRAWS ? noisyStart(levels.get(plan.depth)!, params.sigma, noiseDrawSeed(seed, draw)) : null,
  };
}

/** The seed of a sample's attempt-th noise draw: reproducible from the sample's seed alone. */
export function noiseDrawSeed(seed: number, attempt: number): number {
  return attempt === 0 ? seed : (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + attempt * 0x6d2b79f5) >>> 0;
}
