import { applyResampleSteps, resizeLinear } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { foldPatches } from '../patches/foldPatches';
import { patchDistanceFn, patchScore, resolvePatchSearch, type ResolvedPatchSearch } from '../patches/nearestPatches';
import { NO_MATCH } from '../patches/patchGrid';
import { patchMatch } from '../patches/patchMatch';
import type { GpnnBackend } from './gpnnBackend';

/** Distance evaluations between yields: ~tens of milliseconds of work in JS. */
const SLICE = 200_000;

export interface CpuBackendHooks {
  /** Called between slices of work; lets the host prove it is alive and deliver a Cancel. */
  readonly yieldToHost?: () => Promise<void>;
}

/**
 * GPNN on the CPU: the TypeScript references of the WGSL kernels, sliced so a
 * long exact search never blocks its thread for more than a moment. Exact
 * search is O(N·M) patch comparisons, so this is for small images; large ones
 * need the approximate search.
 */
export function cpuGpnnBackend(hooks: CpuBackendHooks = {}): GpnnBackend<RgbImage> {
  const pause = hooks.yieldToHost ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  // PatchMatch warm start: the previous search's field, reused while the grids stay the same.
  let lastField: Uint32Array | null = null;
  return {
    kind: 'cpu',
    upload: (image) => image,
    download: async (image) => image,
    shape: (image) => [image.height, image.width],
    resample: (image, steps) => (steps.length === 0 ? image : applyResampleSteps(image, steps)),
    resize: (image, h, w) => (h === image.height && w === image.width ? image : resizeLinear(image, h, w)),
    async nearestFold(query, keys, values, options) {
      let nn: Uint32Array;
      if (options.nn === 'patchmatch') {
        const warm = options.warmStart && lastField?.length === (query.height - options.patchSize + 1) * (query.width - options.patchSize + 1);
        nn = patchMatch(query, keys, {
          ...options,
          iterations: options.pmRounds,
          initialField: warm ? lastField! : undefined,
          // A cold start has no field to estimate completeness from; the reverse search gives every key one.
          colMinEstimate: warm ? 'assigned' : 'reverse',
        }).nn;
        lastField = nn;
        await pause();
      } else {
        nn = await slicedSearch(query, keys, resolvePatchSearch(query, keys, options), pause);
      }
      return foldPatches(values, nn, query.height, query.width, { patchSize: options.patchSize, fallback: query });
    },
    release: () => {},
    settle: () => pause(),
  };
}

async function slicedSearch(query: RgbImage, keys: RgbImage, s: ResolvedPatchSearch, pause: () => Promise<void>): Promise<Uint32Array> {
  const dist = patchDistanceFn(query, keys, s);
  const n = s.queryGrid.count;
  const m = s.keyGrid.count;
  const { activeQueries: active, excludedKeys: excluded, keyAlphaScale: scale } = s;
  const rows = Math.max(1, Math.floor(SLICE / m));
  // The distances are recomputed in pass 2 rather than stored: O(N+M) memory, as on the GPU.
  const colMin = new Float32Array(m).fill(Infinity);
  for (let i0 = 0; i0 < n; i0 += rows) {
    for (let i = i0; i < Math.min(n, i0 + rows); i++) {
      if (active && active[i] === 0) continue;
      for (let j = 0; j < m; j++) {
        const d = dist(i, j);
        if (d < colMin[j]) colMin[j] = d;
      }
    }
    await pause();
  }
  const nn = new Uint32Array(n).fill(NO_MATCH);
  for (let i0 = 0; i0 < n; i0 += rows) {
    for (let i = i0; i < Math.min(n, i0 + rows); i++) {
      if (active && active[i] === 0) continue;
      let best = Infinity;
      let bestJ = NO_MATCH;
      for (let j = 0; j < m; j++) {
        if (excluded && excluded[j] !== 0) continue;
        const v = patchScore(dist(i, j), colMin[j], scale ? scale[j] : 1, s);
        if (v < best) {
          best = v;
          bestJ = j;
        }
      }
      nn[i] = bestJ;
    }
    await pause();
  }
  return nn;
}
