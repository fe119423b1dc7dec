import { applyResampleSteps, resizeLinear } from '../image/resample';
import type { RgbImage } from '../image/rgbImage';
import { foldPatches } from '../patches/foldPatches';
import { blockedExactSearch } from '../patches/blockedExactSearch';
import { resolvePatchSearch, type PatchSearchResult, type ResolvedPatchSearch } from '../patches/nearestPatches';
import { patchMatch } from '../patches/patchMatch';
import type { ExactSearchKind, GpnnBackend } from './gpnnBackend';

/** An exact two-pass search with blockedExactSearch's contract (and answer). */
export type ExactSearch = (
  query: RgbImage,
  keys: RgbImage,
  s: ResolvedPatchSearch,
  pause: () => Promise<void>,
) => Promise<PatchSearchResult>;

export interface CpuBackendHooks {
  /** Called between slices of work; lets the host prove it is alive and deliver a Cancel. */
  readonly yieldToHost?: () => Promise<void>;
  /** The exact search to run (default blockedExactSearch; the wasm runtime passes its GEMM search, same answer). */
  readonly exactSearch?: ExactSearch;
  /** What `exactSearch` is, for reports (default 'js-blocked', blockedExactSearch's). */
  readonly exactSearchKind?: ExactSearchKind;
}

/**
 * GPNN on the CPU, sliced so a long search never blocks its thread for more
 * than a moment. Exact search is the blocked product of blockedExactSearch.ts
 * (the same answer as the WGSL kernels' CPU reference, ~10× faster); it is
 * O(N·M) patch comparisons, so large images need the approximate search.
 */
export function cpuGpnnBackend(hooks: CpuBackendHooks = {}): GpnnBackend<RgbImage> {
  const pause = hooks.yieldToHost ?? (() => new Promise<void>((r) => setTimeout(r, 0)));
  const exactSearch = hooks.exactSearch ?? blockedExactSearch;
  // PatchMatch warm start: the previous search's field, reused while the grids stay the same.
  let lastField: Uint32Array | null = null;
  return {
    kind: 'cpu',
    exactSearch: hooks.exactSearch ? (hooks.exactSearchKind ?? 'js-blocked') : 'js-blocked',
    upload: (image) => image,
    download: async (image) => image,
    shape: (image) => [image.height, image.width],
    resample: (image, steps) => (steps.length === 0 ? image : applyResampleSteps(image, steps)),
    resize: (image, h, w) => (h === image.height && w === image.width ? image : resizeLinear(image, h, w)),
    async nearestFold(query, keys, values, options) {
      let nn: Uint32Array;
      if (options.nn === 'patchmatch') {
        const warm =
          options.warmStart &&
          lastField?.length === (query.height - options.patchSize + 1) * (query.width - options.patchSize + 1);
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
        nn = (await exactSearch(query, keys, resolvePatchSearch(query, keys, options), pause)).nn;
      }
      return foldPatches(values, nn, query.height, query.width, {
        patchSize: options.patchSize,
        fallback: query,
        vote: options.vote,
      });
    },
    release: () => {},
    settle: () => pause(),
  };
}
