import { DEFAULT_GPNN } from './gpnnParams';

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

/** What an output is not, though it was asked for. */
export type GpnnOutputNote =
  ({ readonly kind: 'copy-of-source' } & CopyOfSource) | ({ readonly kind: 'content-layout' } & ContentLayout);

/** What the page and the CLI say beside such an output. */
export function gpnnOutputWarning(note: GpnnOutputNote): string {
  if (note.kind === 'content-layout') {
    return (
      `This analogy follows the content image's own layout more than the structure's (layout correlation ${note.content.toFixed(2)} ` +
      `with the content, ${note.structure.toFixed(2)} with the structure): GPNN can only rebuild the structure from patches the ` +
      'content has. A larger alpha (e.g. 1) or a larger coarsest side lets the structure lead; a structure image closer in content helps most.'
    );
  }
  return (
    `This sample is the source again (mean |Δ| ${note.meanAbsDiff.toFixed(3)}): none of ${note.draws} noise draws at sigma ${note.sigma} ` +
    `moved this image away from its own layout. Raise the noise sigma (the paper's is ${DEFAULT_GPNN.sigma}, up to 1.5) for new arrangements.`
  );
}
