import type { RgbImage } from '../image/rgbImage';
import {
  PATCHMATCH_PASSES,
  resolvePatchMatch,
  reverseSearchOptions,
  type PatchMatchOptions,
} from './patchMatchSchedule';
import { PatchMatchState, type PatchMatchResult } from './patchMatchState';

/**
 * Approximate nearest-patch search by PatchMatch (Barnes et al. 2009), in the
 * parallel form the GPU runs (src/gpu/kernels/patchMatch.ts, shaders
 * patchmatch_*.wgsl). Same problem, options, distance and result as the exact
 * search in nearestPatches.ts, O(N+M) memory, and a fraction of its O(N·M)
 * work: each round costs about 22 distance evaluations per query.
 *
 * This file, with patchMatchState.ts and patchMatchSchedule.ts, is the CPU
 * reference of the WGSL kernels, not just "a CPU PatchMatch": it uses the same
 * hash, the same candidate sequence and the same pass structure, and every pass
 * reads field A and writes field B (double buffering), so a query never sees a
 * neighbour's update from the same pass. That makes the sequential loop here
 * and the one-thread-per-query GPU dispatch compute the same function; with
 * float32 arithmetic in the same order, the fields agree exactly unless the GPU
 * rounds a sqrt or division differently (or fuses a multiply-add) on a
 * near-tie.
 *
 * Field = per query (nn, D): the current key and its distance. Algorithm:
 * - init: per active query, `initialField[i]` if given and allowed, else the
 *   first allowed of INIT_TRIES hashed draws, else the next allowed key after
 *   the last draw (cyclic scan, precomputed as a table so it is O(1)).
 * - `iterations` rounds, each: re-estimate m (see below), then one pass per
 *   jump k in PROPAGATION_JUMPS (jump-flood propagation: from the 4
 *   neighbours at distance k, try their key shifted back by the same offset),
 *   the last pass followed by random search around the query's best so far,
 *   in windows of radius max(key grid H, W), halved down to 1.
 * - scores: D for plain NN; else m is re-estimated from the final field and
 *   every query is scored D/(alpha·s_j + m_j).
 * Candidates are compared by (score, key index) lexicographically, so the
 * order in which a pass tries them cannot change its outcome.
 *
 * Completeness estimate (alpha < PLAIN_NN_ALPHA). The exact normaliser
 * m_j = min over all active queries of D(i, j) needs every pair, which is what
 * PatchMatch exists to avoid. Default ('assigned', the usual choice in
 * GPNN-with-PatchMatch code): estimate it from the current approximate field,
 * m_j = min D(i, nn_i) over the queries i with nn_i = j, recomputed before
 * every round (one pass over the field, no distances) and held fixed during
 * the round, so all passes of a round minimise one well-defined score. Keys
 * no query points to have no estimate (+Infinity); their normaliser is
 * alpha·s_j alone, i.e. they are scored as if some query already matched them
 * exactly. Taking the +Infinity literally, D/(alpha + ∞) = 0, would make every
 * unused key a perfect match and scatter the field over arbitrary keys.
 * The cost of that conservative choice, measured on 48×48 structured images
 * (p = 7, alpha 0.005, 4 rounds, cold start): the field settles on ~360
 * distinct keys where the exact search uses ~1100, because a key that loses
 * its last query is penalised from then on (the field's mean score under the
 * exact m is 14% above the exact search's). Warm-started from a good field,
 * as GPNN does between its iterations, it stays within 1% of exact.
 * Option 'reverse': first run plain PatchMatch from the keys to the queries
 * (same seed schedule with a derived seed) and take m_j = min(that distance,
 * the assigned minimum above). Every key then has an estimate close to the
 * truth (mean relative error ~2% after 4 rounds), which gives an exact-scored
 * mean within ~2–3% of exact and a key usage close to the exact search's even
 * from a cold start, at twice the cost.
 * With plain NN (alpha ≥ 1e30) there is no estimate and this is ordinary
 * PatchMatch on D.
 */

/** PatchMatch on the CPU. Deterministic for a given seed; see the file comment for the algorithm. */
export function patchMatch(query: RgbImage, keys: RgbImage, opts: PatchMatchOptions = {}): PatchMatchResult {
  const r = resolvePatchMatch(query, keys, opts);
  const st = new PatchMatchState(query, keys, r);
  // Plain NN: the reverse field's distances are exactly D(i, j) for the pair found, so their per-key values bound m_j from above.
  if (r.reverse) st.reverseEstimate = patchMatch(keys, query, reverseSearchOptions(r)).score;
  st.initialise();
  for (let round = 0; round < r.iterations; round++) {
    st.estimateColumnMin();
    for (const pass of PATCHMATCH_PASSES) st.step(round, pass);
  }
  return st.finish();
}
