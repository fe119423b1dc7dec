import type { RgbImage } from '../image/rgbImage';
import { DEFAULT_GPNN } from './gpnnParams';
import { ANALOGY_ALPHA, ANALOGY_COARSE_DIM } from './gpnnTask';
import type { Rect } from './taskImages';

/**
 * A random sample that is still the source after every noise draw. Some
 * images have one stable arrangement at the coarsest level: when their
 * structure there is a few bands or blobs that 7×7 patches (a quarter of a
 * 14 px level) pin in place, small noise is averaged away by the fold and
 * every draw folds back into the source. A larger sigma moves it (a photo
 * copied on all 8 draws at sigma 0.4 escaped on the second draw at 0.5–0.75;
 * docs/algorithms.md, "No copies of the source").
 */
export interface CopyOfSource {
  /** Mean |Δ| to the source in [0,1]. */
  readonly meanAbsDiff: number;
  readonly draws: number;
  readonly sigma: number;
}

/**
 * A structural analogy whose output follows the content image's own layout
 * more than the structure image's (layoutCorrelation of the output with
 * each): GPNN's limit on dissimilar pairs, which the reference code shares.
 */
export interface ContentLayout {
  readonly structure: number;
  readonly content: number;
}

/**
 * An edit whose moved region came back as what was there before: at the
 * destination the output is closer to the source than to the pasted copy.
 * Completeness does it: the patches the copy covered are missing from the
 * edited picture, so they are the cheap ones, and they are put back; the
 * copy's own patches are already used where it came from. A larger alpha
 * weakens that pull (docs/algorithms.md, "Editing").
 */
export interface EditUndone {
  /** Mean |Δ| in [0,1] over the destination: output to the copy, output to the source. */
  readonly toCopy: number;
  readonly toSource: number;
  readonly alpha: number;
  readonly startLevel: number;
  /** A start scale at which the moved region is at least two patches across (editStartHint). */
  readonly finerLevel: number;
}

/** The alpha an undone edit's note suggests: on Places50 5.jpg at 128 px it kept the copy from a fine start scale. */
export const EDIT_UNDONE_ALPHA_HINT = 100;

/** The coarsest start scale at which a region `side` pixels across (its shorter side) is two patches wide. */
export function editStartHint(side: number, patchSize: number, ratio: number): number {
  return Math.max(0, Math.floor(Math.log(side / (2 * patchSize)) / Math.log(ratio)));
}

/** What an output is not, though it was asked for. */
export type GpnnOutputNote =
  | ({ readonly kind: 'copy-of-source' } & CopyOfSource)
  | ({ readonly kind: 'content-layout' } & ContentLayout)
  | ({ readonly kind: 'edit-undone' } & EditUndone);

/** A pasted copy this close to what it covers (mean |Δ|) is no visible edit, undone or not. */
export const EDIT_VISIBLE_DISTANCE = 0.03;

/**
 * Mean |Δ| over the destination rectangle (`to`, the size of `from`) between
 * the output and the copy (the source's `from` region), and between the
 * output and the source there, and between the copy and the source.
 */
export function editRegionDistances(
  source: RgbImage,
  output: RgbImage,
  from: Rect,
  to: { readonly y: number; readonly x: number },
): { toCopy: number; toSource: number; copyToSource: number } {
  let toCopy = 0;
  let toSource = 0;
  let copyToSource = 0;
  const w = source.width;
  for (let y = 0; y < from.height; y++) {
    for (let x = 0; x < from.width; x++) {
      const d = ((to.y + y) * w + to.x + x) * 3;
      const c = ((from.y + y) * w + from.x + x) * 3;
      for (let k = 0; k < 3; k++) {
        toCopy += Math.abs(output.data[d + k] - source.data[c + k]);
        toSource += Math.abs(output.data[d + k] - source.data[d + k]);
        copyToSource += Math.abs(source.data[c + k] - source.data[d + k]);
      }
    }
  }
  const n = Math.max(1, from.height * from.width * 3);
  return { toCopy: toCopy / n, toSource: toSource / n, copyToSource: copyToSource / n };
}

/** What the page and the CLI say beside such an output. */
export function gpnnOutputWarning(note: GpnnOutputNote): string {
  if (note.kind === 'edit-undone') {
    const finer = Math.min(note.finerLevel, Math.max(0, note.startLevel - 1));
    return (
      `This edit came back as the source: where the region was moved, the output is closer to what was there before ` +
      `(mean |Δ| ${note.toSource.toFixed(3)}) than to the moved copy (${note.toCopy.toFixed(3)}). At start scale ${note.startLevel} ` +
      `the region is only a patch or two wide, and completeness (alpha ${note.alpha}) puts back the patches it covered. ` +
      `Start at scale ${finer}${finer > 0 ? ' or finer' : ''} and raise alpha (e.g. to ${EDIT_UNDONE_ALPHA_HINT}): together they keep the copy, either alone often does not.`
    );
  }
  if (note.kind === 'content-layout') {
    return (
      `This analogy follows the content image's own layout more than the structure's (layout correlation ${note.content.toFixed(2)} ` +
      `with the content, ${note.structure.toFixed(2)} with the structure): GPNN can only rebuild the structure from patches the ` +
      `content has. A larger coarsest side (the analogy's own, ${ANALOGY_COARSE_DIM} px by default; try 42) with alpha at least ${ANALOGY_ALPHA} ` +
      'lets the structure lead further; a structure image closer in content helps most.'
    );
  }
  return (
    `This sample is the source again (mean |Δ| ${note.meanAbsDiff.toFixed(3)}): none of ${note.draws} noise draws at sigma ${note.sigma} ` +
    `moved this image away from its own layout. Raise the noise sigma (the paper's is ${DEFAULT_GPNN.sigma}, up to 1.5) for new arrangements.`
  );
}
