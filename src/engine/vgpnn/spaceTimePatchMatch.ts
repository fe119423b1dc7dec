/**
 * Approximate space-time nearest neighbours by PatchMatch (docs/algorithms.md,
 * "VGPNN (space-time patches)"): the same problem, options and result as the
 * exact search (spaceTimeSearch.ts), in O(N+M) memory and O(N) work per round
 * instead of O(N·M) per search.
 *
 * It is the still engine's PatchMatch (src/engine/patches/patchMatch.ts) with
 * a third axis, and shares its pieces: the hashed draws (patchMatchDraw, so a
 * query's draws depend only on (seed, query, round, step)), the jump-flood
 * schedule (PATCHMATCH_PASSES: jumps 8, 4, 2, 1, random search after the last),
 * the initialisation's draw round (INIT_ROUND), and the completeness normaliser
 * (keyNormalisers). Like that one it is written in the parallel form a GPU
 * would run: every pass reads field A and writes field B, so the loop order
 * cannot change the result.
 *
 * - init: per query, `initialField[i]` if given and in range (the previous
 *   step's field, or the coarser level's through upsampleSpaceTimeField) and
 *   not excluded, else a hashed random key (with excluded keys, as the still
 *   PatchMatch: INIT_TRIES draws, then the next allowed key). An excluded key
 *   is never tried afterwards.
 * - `iterations` rounds, each one pass per jump k: from the 6 neighbours at
 *   distance k along t, y and x, try their key moved back by the same offset
 *   (a coherent video keeps its space-time offset constant); the last pass is
 *   followed by random search around the query's best so far, in windows of
 *   radius max(key grid T, H, W) halved down to 1 (one draw per axis).
 * - candidates compare by (score, key index), so ties go to the smaller key
 *   as in the exact search; a candidate's distance stops early once its
 *   partial sum already loses.
 *
 * Completeness (alpha < PLAIN_NN_ALPHA) cannot be exact here: m_j, the minimum
 * of D(i, j) over every query, needs every pair. As the still engine's default
 * ('assigned'), m_j is estimated from the current field (the smallest D of the
 * queries pointing to j) before every round and held fixed during it; a key no
 * query points to is scored as if one matched it exactly (normaliser alpha).
 * It is an approximation of the exact search's score, not that score (see the
 * still engine's file comment for what it costs); VGPNN's generation runs
 * without completeness, where this is ordinary PatchMatch on D.
 */
import { keyNormalisers } from '../patches/blockedExactSearch';
import { PLAIN_NN_ALPHA } from '../patches/nearestPatches';
import {
  DEFAULT_PATCHMATCH_ITERATIONS,
  INIT_ROUND,
  INIT_TRIES,
  MAX_PATCHMATCH_ITERATIONS,
  nextAllowedKeys,
  PATCHMATCH_PASSES,
  patchMatchDraw,
} from '../patches/patchMatchSchedule';
import { CHANNELS } from '../image/rgbImage';
import { checkExcludedKeys, type SpaceTimeSearchOptions, type SpaceTimeSearchResult } from './spaceTimeSearch';
import { spaceTimeGrid, type PatchDims } from './spaceTimePatches';
import { videoShape, type Video, type VideoShape } from './video';

export interface SpaceTimePatchMatchOptions extends SpaceTimeSearchOptions {
  /** Any integer, taken modulo 2³²: the same seed and inputs give the same field. Default 0. */
  readonly seed?: number;
  /** Rounds of propagation (jumps 8, 4, 2, 1) + random search. Default DEFAULT_PATCHMATCH_ITERATIONS (4). */
  readonly iterations?: number;
  /** Per query: the key to start from; entries out of range (e.g. NO_MATCH) are drawn at random. */
  readonly initialField?: Uint32Array;
}

/** The 6 propagation neighbours at jump k, as (dt, dy, dx) multiples of k. */
const NEIGHBOURS: readonly (readonly [number, number, number])[] = [
  [-1, 0, 0],
  [0, -1, 0],
  [0, 0, -1],
  [0, 0, 1],
  [0, 1, 0],
  [1, 0, 0],
];

export async function spaceTimePatchMatch(
  query: Video,
  keys: Video,
  opts: SpaceTimePatchMatchOptions,
): Promise<SpaceTimeSearchResult> {
  const qg = spaceTimeGrid(videoShape(query), opts.patch, 'query video');
  const kg = spaceTimeGrid(videoShape(keys), opts.patch, 'key video');
  if (!(opts.alpha > 0)) throw new RangeError(`Alpha must be greater than 0, got ${opts.alpha}`);
  const seedIn = opts.seed ?? 0;
  if (!Number.isInteger(seedIn)) throw new RangeError(`PatchMatch seed must be an integer, got ${seedIn}`);
  const seed = seedIn >>> 0;
  const rounds = opts.iterations ?? DEFAULT_PATCHMATCH_ITERATIONS;
  if (!Number.isInteger(rounds) || rounds < 0 || rounds > MAX_PATCHMATCH_ITERATIONS) {
    throw new RangeError(
      `PatchMatch iterations must be a whole number from 0 to ${MAX_PATCHMATCH_ITERATIONS}, got ${rounds}`,
    );
  }
  const init = opts.initialField;
  if (init && init.length !== qg.count) {
    throw new RangeError(`initialField has ${init.length} entries, expected one per query patch (${qg.count})`);
  }
  checkExcludedKeys(opts.excludedKeys, kg.count);
  const plain = opts.alpha >= PLAIN_NN_ALPHA;
  const l2 = (opts.distance ?? 'l2') === 'l2';
  const n = qg.count;
  const m = kg.count;
  const excluded = opts.excludedKeys;
  // As the still PatchMatch: a few hashed draws, then the next allowed key after the last draw.
  const keyNext = excluded && nextAllowedKeys(excluded);
  const allowed = (j: number) => !excluded || excluded[j] === 0;
  const [pt, ph, pw] = opts.patch;
  const [qgt, qgh, qgw] = [qg.gridFrames, qg.gridHeight, qg.gridWidth];
  const [kgt, kgh, kgw] = [kg.gridFrames, kg.gridHeight, kg.gridWidth];
  const Q = query.data;
  const K = keys.data;
  const qRow = query.width * CHANNELS;
  const kRow = keys.width * CHANNELS;
  const qFrame = query.height * qRow;
  const kFrame = keys.height * kRow;
  const rowLen = pw * CHANNELS;
  const qBase = (t: number, y: number, x: number) => t * qFrame + y * qRow + x * CHANNELS;
  const keyBase = (j: number) => {
    const x = j % kgw;
    const r = (j - x) / kgw;
    const y = r % kgh;
    return ((r - y) / kgh) * kFrame + y * kRow + x * CHANNELS;
  };

  /** Squared distance of the patches at data offsets qb and kb, or a partial sum above `bound` as soon as one is. */
  const d2Below = (qb: number, kb: number, bound: number): number => {
    let acc = 0;
    for (let dt = 0; dt < pt; dt++) {
      let q = qb + dt * qFrame;
      let k = kb + dt * kFrame;
      for (let dy = 0; dy < ph; dy++, q += qRow, k += kRow) {
        for (let a = q, b = k, end = q + rowLen; a < end; a += CHANNELS, b += CHANNELS) {
          const r = Q[a] - K[b];
          const g = Q[a + 1] - K[b + 1];
          const u = Q[a + 2] - K[b + 2];
          acc += r * r + g * g + u * u;
        }
        if (acc > bound) return acc;
      }
    }
    return acc;
  };

  // Field A (read by a pass) and B (written by it), squared distances alongside.
  let nn = new Uint32Array(n);
  let d2 = new Float64Array(n);
  let nnOut = new Uint32Array(n);
  let d2Out = new Float64Array(n);

  let i = 0;
  for (let t = 0; t < qgt; t++) {
    for (let y = 0; y < qgh; y++) {
      for (let x = 0; x < qgw; x++, i++) {
        let j = init && init[i] < m && allowed(init[i]) ? init[i] : -1;
        if (j < 0) {
          for (let draw = 0; draw < (keyNext ? INIT_TRIES : 1); draw++) {
            j = patchMatchDraw(seed, i, INIT_ROUND, draw) % m;
            if (allowed(j)) break;
          }
          if (keyNext) j = keyNext[j];
        }
        nn[i] = j;
        d2[i] = d2Below(qBase(t, y, x), keyBase(j), Infinity);
      }
    }
  }

  const dist = (v: number) => (l2 ? Math.sqrt(v) : v);
  // Per key, the factor a distance is multiplied by (1 for the plain nearest neighbour).
  const colMin = new Float64Array(plain ? 0 : m);
  // keyNormalisers reads key indices only with a keyAlphaScale, which this search has none of.
  const IDENTITY = new Uint32Array(0);
  let inv: Float64Array = new Float64Array(0);
  const estimate = () => {
    if (plain) return;
    colMin.fill(Infinity);
    for (let q = 0; q < n; q++) {
      const v = dist(d2[q]);
      if (v < colMin[nn[q]]) colMin[nn[q]] = v;
    }
    // No query points to j: no estimate, scored as if one matched it exactly (m_j = 0).
    for (let j = 0; j < m; j++) if (colMin[j] === Infinity) colMin[j] = 0;
    inv = keyNormalisers({ plain, alpha: opts.alpha }, { index: IDENTITY }, colMin);
  };
  // The query being processed and its best candidate so far (a GPU thread's registers).
  let qb = 0;
  let bj = 0;
  let bd = 0;
  let bs = 0;
  // Keys this query already lost with in this pass: neighbours in a coherent region propose the same key.
  // At most one entry per candidate: 6 neighbours, or one random draw per halving of a radius below 2³².
  const lost = new Uint32Array(NEIGHBOURS.length + 32);
  let lostCount = 0;
  const tryKey = (j: number) => {
    if (j === bj || !allowed(j)) return;
    for (let l = 0; l < lostCount; l++) if (lost[l] === j) return;
    // The distance bound under which j could still win (a hair above, so that a tie is still scored).
    const w = plain ? 1 : inv[j];
    const bound = plain ? bs : w > 0 ? (l2 ? (bs / w) ** 2 : bs / w) * (1 + 1e-9) : Infinity;
    const v = d2Below(qb, keyBase(j), bound);
    const s = v > bound ? Infinity : plain ? v : dist(v) * w;
    if (s < bs || (s === bs && j < bj)) {
      // The previous best loses to j for good in this pass (the pass's best only improves).
      lost[lostCount++] = bj;
      bs = s;
      bj = j;
      bd = v;
    } else {
      lost[lostCount++] = j;
    }
  };

  const radius0 = Math.max(kgt, kgh, kgw);
  for (let round = 0; round < rounds; round++) {
    estimate();
    for (const pass of PATCHMATCH_PASSES) {
      const jump = pass.jump;
      let q = 0;
      for (let t = 0; t < qgt; t++) {
        for (let y = 0; y < qgh; y++) {
          for (let x = 0; x < qgw; x++, q++) {
            qb = qBase(t, y, x);
            bj = nn[q];
            bd = d2[q];
            // Plain: the score is D², compared directly; else D·inv[j].
            bs = plain ? bd : dist(bd) * inv[bj];
            lostCount = 0;
            if (jump > 0) {
              for (let nb = 0; nb < NEIGHBOURS.length; nb++) {
                const ot = NEIGHBOURS[nb][0] * jump;
                const oy = NEIGHBOURS[nb][1] * jump;
                const ox = NEIGHBOURS[nb][2] * jump;
                const st = t + ot;
                const sy = y + oy;
                const sx = x + ox;
                if (st < 0 || st >= qgt || sy < 0 || sy >= qgh || sx < 0 || sx >= qgw) continue;
                const nj = nn[(st * qgh + sy) * qgw + sx];
                const nx = nj % kgw;
                const r = (nj - nx) / kgw;
                const ny = r % kgh;
                const kt = (r - ny) / kgh - ot;
                const ky = ny - oy;
                const kx = nx - ox;
                if (kt < 0 || kt >= kgt || ky < 0 || ky >= kgh || kx < 0 || kx >= kgw) continue;
                tryKey((kt * kgh + ky) * kgw + kx);
              }
            }
            if (pass.randomSearch) {
              let step = 0;
              for (let radius = radius0; radius >= 1; radius = radius >> 1) {
                const bx = bj % kgw;
                const r = (bj - bx) / kgw;
                const by = r % kgh;
                const bt = (r - by) / kgh;
                const ct = pick(bt, kgt, radius, patchMatchDraw(seed, q, round, step));
                const cy = pick(by, kgh, radius, patchMatchDraw(seed, q, round, step + 1));
                const cx = pick(bx, kgw, radius, patchMatchDraw(seed, q, round, step + 2));
                tryKey((ct * kgh + cy) * kgw + cx);
                step += 3;
              }
            }
            nnOut[q] = bj;
            d2Out[q] = bd;
          }
        }
      }
      [nn, nnOut] = [nnOut, nn];
      [d2, d2Out] = [d2Out, d2];
      opts.signal?.throwIfAborted();
      await opts.pause?.();
    }
  }

  // Scores of the final field, with m re-estimated from it.
  estimate();
  const distance = Float32Array.from(d2, dist);
  const score = plain ? distance.slice() : Float32Array.from(distance, (v, q) => v * inv[nn[q]]);
  return { nn, score, distance };
}

/** A draw in the window of `radius` around c, clipped to 0 … size − 1. */
function pick(c: number, size: number, radius: number, draw: number): number {
  const lo = Math.max(c - radius, 0);
  const hi = Math.min(c + radius, size - 1);
  return lo + (draw % (hi - lo + 1));
}

/**
 * A field of one level carried to the next finer one: each fine query's
 * patch centre maps to the coarse query patch under it, whose key's
 * space-time offset (scaled by the key videos' ratio per axis) gives the fine
 * key, clamped into the fine key grid. Grids may differ in patch dims (the
 * big levels' pt×5×5). The result is a warm start, not a search: nothing is
 * compared.
 */
export function upsampleSpaceTimeField(
  field: Uint32Array,
  from: { readonly query: VideoShape; readonly keys: VideoShape; readonly patch: PatchDims },
  to: { readonly query: VideoShape; readonly keys: VideoShape; readonly patch: PatchDims },
): Uint32Array {
  const cq = spaceTimeGrid(from.query, from.patch, 'coarse query video');
  const ck = spaceTimeGrid(from.keys, from.patch, 'coarse key video');
  const fq = spaceTimeGrid(to.query, to.patch, 'query video');
  const fk = spaceTimeGrid(to.keys, to.patch, 'key video');
  if (field.length !== cq.count) {
    throw new RangeError(`The field has ${field.length} entries, expected one per coarse query patch (${cq.count})`);
  }
  const cqn = [cq.gridFrames, cq.gridHeight, cq.gridWidth];
  const fkn = [fk.gridFrames, fk.gridHeight, fk.gridWidth];
  // Per axis: fine → coarse on the query videos, coarse → fine on the key videos (pixel centres at +0.5).
  const qScale = [0, 1, 2].map((a) => from.query[a] / to.query[a]);
  const kScale = [0, 1, 2].map((a) => to.keys[a] / from.keys[a]);
  const half = (p: PatchDims, a: number) => (p[a] - 1) / 2;
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  const out = new Uint32Array(fq.count);
  const fine = [0, 0, 0];
  const coarse = [0, 0, 0];
  const sub = [0, 0, 0];
  let i = 0;
  for (fine[0] = 0; fine[0] < fq.gridFrames; fine[0]++) {
    for (fine[1] = 0; fine[1] < fq.gridHeight; fine[1]++) {
      for (fine[2] = 0; fine[2] < fq.gridWidth; fine[2]++, i++) {
        for (let a = 0; a < 3; a++) {
          const centre = (fine[a] + half(to.patch, a) + 0.5) * qScale[a] - 0.5;
          coarse[a] = clamp(Math.round(centre - half(from.patch, a)), cqn[a]);
          // Where the fine centre sits relative to the coarse patch's centre, carried along.
          sub[a] = centre - (coarse[a] + half(from.patch, a));
        }
        let j = field[(coarse[0] * cq.gridHeight + coarse[1]) * cq.gridWidth + coarse[2]];
        if (!(j < ck.count)) j = 0;
        const kx = j % ck.gridWidth;
        const r = (j - kx) / ck.gridWidth;
        const ky = r % ck.gridHeight;
        const kPos = [(r - ky) / ck.gridHeight, ky, kx];
        let idx = 0;
        for (let a = 0; a < 3; a++) {
          const keyCentre = (kPos[a] + half(from.patch, a) + sub[a] + 0.5) * kScale[a] - 0.5;
          const p = clamp(Math.round(keyCentre - half(to.patch, a)), fkn[a]);
          idx = idx * fkn[a] + p;
        }
        out[i] = idx;
      }
    }
  }
  return out;
}
