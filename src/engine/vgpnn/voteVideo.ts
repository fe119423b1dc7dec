/**
 * Folding chosen space-time patches back into a video (docs/algorithms.md,
 * "VGPNN (space-time patches)"): query patch i is replaced by the value patch
 * nn[i], and every voxel takes a vote over all replacement patches covering
 * it, per channel. Gather form, as the still fold (src/engine/patches/foldPatches.ts):
 * each voxel visits the ≤ pt·ph·pw query patches covering it.
 *
 * Votings as in src/engine/patches/voting.ts ('median' is VGPNN's default,
 * the official fold3d's torch.nanmedian); the mean is taken around the first
 * sample, ref + Σ(v − ref)/n, so where every covering patch agrees the voxel
 * is exactly that value.
 */
import { CHANNELS } from '../image/rgbImage';
import { lowerMedianIndex, selectKth, type Voting } from '../patches/voting';
import { NO_MATCH } from '../patches/patchGrid';
import { spaceTimeGrid, type PatchDims } from './spaceTimePatches';
import { createVideo, videoShape, type Video, type VideoShape } from './video';

export function voteVideo(
  values: Video,
  nn: Uint32Array,
  output: VideoShape,
  patch: PatchDims,
  voting: Voting,
  /** Voxels no matched patch covers take this video's value (same shape as the output); default 0. */
  fallback?: Video,
  /**
   * A loop (docs/algorithms.md, "Seamless loops"): the queries were the
   * output with its first pt − 1 frames appended (wrapFrames), one query per
   * output frame, and a patch's frames past the last vote into the first.
   */
  loop = false,
): Video {
  const [T, H, W] = output;
  const [pt, ph, pw] = patch;
  const q = spaceTimeGrid(loop ? [T + pt - 1, H, W] : output, patch, 'output (query) video');
  const k = spaceTimeGrid(videoShape(values), patch, 'values video');
  if (nn.length !== q.count)
    throw new RangeError(`nn has ${nn.length} entries, expected one per query patch (${q.count})`);
  if (fallback && videoShape(fallback).join() !== output.join()) {
    throw new RangeError('The fallback video must have the output shape');
  }
  const out = createVideo(T, H, W);
  const v = values.data;
  const d = out.data;
  const most = pt * ph * pw;
  // Per channel, the samples of one voxel (median only).
  const samples = [new Float64Array(most), new Float64Array(most), new Float64Array(most)];
  for (let t = 0; t < T; t++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let n = 0;
        let r0 = 0, g0 = 0, b0 = 0, ar = 0, ag = 0, ab = 0; // prettier-ignore
        // `dt`: this voxel's frame within the query patch; a loop's query frames wrap around.
        for (let dt = pt - 1; dt >= 0; dt--) {
          let qt = t - dt;
          if (loop) qt = (qt + T) % T;
          else if (qt < 0 || qt >= q.gridFrames) continue;
          for (let qy = Math.max(0, y - ph + 1); qy <= Math.min(y, q.gridHeight - 1); qy++) {
            for (let qx = Math.max(0, x - pw + 1); qx <= Math.min(x, q.gridWidth - 1); qx++) {
              const j = nn[(qt * q.gridHeight + qy) * q.gridWidth + qx];
              if (j === NO_MATCH || j >= k.count) continue;
              const kx = j % k.gridWidth;
              const rest = (j - kx) / k.gridWidth;
              const ky = rest % k.gridHeight;
              const kt = (rest - ky) / k.gridHeight;
              const vi = (((kt + dt) * values.height + ky + y - qy) * values.width + kx + x - qx) * CHANNELS;
              if (voting === 'median') {
                samples[0][n] = v[vi];
                samples[1][n] = v[vi + 1];
                samples[2][n] = v[vi + 2];
              } else {
                if (n === 0) {
                  r0 = v[vi];
                  g0 = v[vi + 1];
                  b0 = v[vi + 2];
                }
                ar += v[vi] - r0;
                ag += v[vi + 1] - g0;
                ab += v[vi + 2] - b0;
              }
              n++;
            }
          }
        }
        const oi = ((t * H + y) * W + x) * CHANNELS;
        if (n === 0) {
          for (let c = 0; c < CHANNELS; c++) d[oi + c] = fallback ? fallback.data[oi + c] : 0;
        } else if (voting === 'median') {
          const m = lowerMedianIndex(n);
          for (let c = 0; c < CHANNELS; c++) d[oi + c] = selectKth(samples[c], n, m);
        } else {
          d[oi] = r0 + ar / n;
          d[oi + 1] = g0 + ag / n;
          d[oi + 2] = b0 + ab / n;
        }
      }
    }
  }
  return out;
}
