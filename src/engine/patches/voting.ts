/**
 * How a pixel (or voxel) takes its value from the patches covering it
 * (docs/algorithms.md, "Median voting"): the still fold
 * (src/engine/patches/foldPatches.ts, shaders/patch_fold.wgsl) and the video
 * vote (src/engine/vgpnn/voteVideo.ts) both offer these.
 *
 * - 'median', per channel: the lower median when the count is even, as
 *   torch's median is (VGPNN's fold3d), so the result is always one of the
 *   voted values and a seam between two patches stays a seam instead of
 *   blurring into a mix of both;
 * - 'mean': the GPNN paper's vote.
 */
export type Voting = 'median' | 'mean';

export const VOTINGS: readonly Voting[] = ['median', 'mean'];

/**
 * The k-th smallest (0-based) of a[0 … n−1], reordering a in place: Hoare's
 * selection with the middle element as pivot, deterministic and O(n) on
 * average, which beats sorting the up to 147 samples of every voxel.
 */
export function selectKth(a: Float32Array | Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const s = a[i];
        a[i] = a[j];
        a[j] = s;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The lower median's index among n samples (see Voting). */
export const lowerMedianIndex = (n: number): number => (n - 1) >> 1;
