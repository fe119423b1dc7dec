import type { RgbImage } from '../image/rgbImage';
import type { PatchSearchResult } from './nearestPatches';
import { NO_MATCH } from './patchGrid';
import {
  INIT_ROUND,
  INIT_TRIES,
  PROPAGATION_NEIGHBOURS,
  patchMatchDraw,
  type PatchMatchPass,
  type ResolvedPatchMatch,
} from './patchMatchSchedule';

/** The PatchMatch field and scores; `colEstimate` is the m used for the scores (empty for plain NN). */
export interface PatchMatchResult extends PatchSearchResult {
  readonly colEstimate: Float32Array;
}

/**
 * Per-query state and the passes, one method per GPU dispatch. Exported for
 * tests that check a single pass; engine code calls `patchMatch`.
 */
export class PatchMatchState {
  readonly n: number;
  readonly m: number;
  /** Field read by the next pass (A) and written by it (B); swapped after every pass. */
  nn: Uint32Array;
  dist: Float32Array;
  private nnOut: Uint32Array;
  private distOut: Float32Array;
  /** m_j estimate for the current round; +Infinity = no query points to j. */
  readonly colMin: Float32Array;
  /** Per key: D to its reverse-search match ('reverse' estimate), folded into every estimate. */
  reverseEstimate?: Float32Array;

  private readonly qData: Float32Array;
  private readonly kData: Float32Array;
  private readonly p: number;
  private readonly qRow: number;
  private readonly kRow: number;
  private readonly qgw: number;
  private readonly qgh: number;
  private readonly kgw: number;
  private readonly kgh: number;
  private readonly squared: boolean;
  private readonly plain: boolean;
  private readonly alpha: number;
  private readonly excluded?: Uint32Array;
  private readonly scale?: Float32Array;
  private readonly active?: Uint32Array;

  constructor(
    query: RgbImage,
    keys: RgbImage,
    readonly r: ResolvedPatchMatch,
  ) {
    const s = r.search;
    this.n = s.queryGrid.count;
    this.m = s.keyGrid.count;
    this.nn = new Uint32Array(this.n).fill(NO_MATCH);
    this.dist = new Float32Array(this.n).fill(Infinity);
    this.nnOut = new Uint32Array(this.n);
    this.distOut = new Float32Array(this.n);
    this.colMin = new Float32Array(s.plain ? 0 : this.m);
    this.qData = query.data;
    this.kData = keys.data;
    this.p = s.queryGrid.patchSize;
    this.qRow = query.width * 3;
    this.kRow = keys.width * 3;
    this.qgw = s.queryGrid.gridWidth;
    this.qgh = s.queryGrid.gridHeight;
    this.kgw = s.keyGrid.gridWidth;
    this.kgh = s.keyGrid.gridHeight;
    this.squared = s.distance === 'sq';
    this.plain = s.plain;
    this.alpha = s.alpha;
    this.excluded = s.excludedKeys;
    this.scale = s.keyAlphaScale;
    this.active = s.activeQueries;
  }

  private allowed(j: number): boolean {
    return !this.excluded || this.excluded[j] === 0;
  }

  /** D(i, j): the exact search's float32 arithmetic (nearestPatches.ts) in the same order. */
  distance(i: number, j: number): number {
    return this.distanceBelow(i, j, -1, Infinity);
  }

  /** Normaliser of key j for this round: alpha·s_j (+ m_j when some query points to j). */
  private denominator(j: number): number {
    const a = Math.fround(this.alpha * (this.scale ? this.scale[j] : 1));
    const mj = this.colMin[j];
    return mj === Infinity ? a : Math.fround(a + mj);
  }

  score(d: number, j: number): number {
    return this.plain ? d : Math.fround(d / this.denominator(j));
  }

  /**
   * D(i, j), or −1 as soon as a partial sum proves that j's score exceeds
   * `bound` (den < 0: plain NN, score = D). Safe to stop early: partial sums
   * of squares only grow, and sqrt and division by a positive normaliser are
   * monotone in float32 too, so the full score could only be larger and would
   * lose anyway. The GPU computes every candidate in full; results are equal.
   */
  private distanceBelow(i: number, j: number, den: number, bound: number): number {
    const p = this.p;
    const qd = this.qData;
    const kd = this.kData;
    const row = 3 * p;
    const qRow = this.qRow;
    const kRow = this.kRow;
    const qy = (i / this.qgw) | 0;
    const ky = (j / this.kgw) | 0;
    let qb = qy * qRow + (i - qy * this.qgw) * 3;
    let kb = ky * kRow + (j - ky * this.kgw) * 3;
    const checked = bound < Infinity;
    let acc = 0;
    for (let dy = 0; dy < p; dy++) {
      for (let e = 0; e < row; e++) {
        const d = Math.fround(qd[qb + e] - kd[kb + e]);
        acc = Math.fround(acc + Math.fround(d * d));
      }
      if (checked && dy < p - 1) {
        const partial = this.squared ? acc : Math.fround(Math.sqrt(acc));
        if ((den < 0 ? partial : Math.fround(partial / den)) > bound) return -1;
      }
      qb += qRow;
      kb += kRow;
    }
    return this.squared ? acc : Math.fround(Math.sqrt(acc));
  }

  /** Writes the starting field into A. */
  initialise(): void {
    const { n, m } = this;
    const { seed, initialField: init, keyNext } = this.r;
    for (let i = 0; i < n; i++) {
      let j = NO_MATCH;
      if (!this.active || this.active[i] !== 0) {
        if (init && init[i] < m && this.allowed(init[i])) j = init[i];
        if (j === NO_MATCH) {
          let c = 0;
          for (let t = 0; t < INIT_TRIES; t++) {
            c = patchMatchDraw(seed, i, INIT_ROUND, t) % m;
            if (this.allowed(c)) {
              j = c;
              break;
            }
          }
          if (j === NO_MATCH && keyNext) j = keyNext[c];
        }
      }
      this.nn[i] = j;
      this.dist[i] = j === NO_MATCH ? Infinity : this.distance(i, j);
    }
  }

  /** m_j = min D(i, nn_i) over the queries pointing to j (inactive queries point nowhere), and the reverse estimate if any. */
  estimateColumnMin(): void {
    if (this.plain) return;
    const cm = this.colMin;
    if (this.reverseEstimate) cm.set(this.reverseEstimate);
    else cm.fill(Infinity);
    for (let i = 0; i < this.n; i++) {
      const j = this.nn[i];
      if (j !== NO_MATCH && this.dist[i] < cm[j]) cm[j] = this.dist[i];
    }
  }

  // Best candidate of the query being processed (the GPU keeps these in registers).
  private bj = 0;
  private bd = 0;
  private bs = 0;

  private tryKey(i: number, j: number): void {
    if (j === this.bj || (this.excluded && this.excluded[j] !== 0)) return;
    const den = this.plain ? -1 : this.denominator(j);
    const d = this.distanceBelow(i, j, den, this.bs);
    if (d < 0) return;
    const s = den < 0 ? d : Math.fround(d / den);
    if (s < this.bs || (s === this.bs && j < this.bj)) {
      this.bs = s;
      this.bj = j;
      this.bd = d;
    }
  }

  /** One pass: every query reads A (its own and its neighbours' entries), writes its entry of B. */
  step(round: number, pass: PatchMatchPass): void {
    const { nn, dist, nnOut, distOut, kgw, kgh, qgw, qgh } = this;
    const seed = this.r.seed;
    const k = pass.jump;
    for (let i = 0; i < this.n; i++) {
      this.bj = nn[i];
      this.bd = dist[i];
      if (this.bj === NO_MATCH) {
        nnOut[i] = NO_MATCH;
        distOut[i] = Infinity;
        continue;
      }
      this.bs = this.score(this.bd, this.bj);
      const qy = (i / qgw) | 0;
      const qx = i - qy * qgw;
      if (k > 0) {
        for (const [ny, nx] of PROPAGATION_NEIGHBOURS) {
          const dy = ny * k;
          const dx = nx * k;
          const y = qy + dy;
          const x = qx + dx;
          if (y < 0 || y >= qgh || x < 0 || x >= qgw) continue;
          const nj = nn[y * qgw + x];
          if (nj === NO_MATCH) continue;
          // The neighbour's key, moved back by the neighbour's offset: coherent images keep offsets constant.
          const cy = ((nj / kgw) | 0) - dy;
          const cx = (nj % kgw) - dx;
          if (cy < 0 || cy >= kgh || cx < 0 || cx >= kgw) continue;
          this.tryKey(i, cy * kgw + cx);
        }
      }
      if (pass.randomSearch) {
        let t = 0;
        for (let radius = this.r.radius0; radius >= 1; radius = (radius / 2) | 0, t++) {
          const by = (this.bj / kgw) | 0;
          const bx = this.bj - by * kgw;
          const y0 = Math.max(by - radius, 0);
          const y1 = Math.min(by + radius, kgh - 1);
          const x0 = Math.max(bx - radius, 0);
          const x1 = Math.min(bx + radius, kgw - 1);
          const cy = y0 + (patchMatchDraw(seed, i, round, 2 * t) % (y1 - y0 + 1));
          const cx = x0 + (patchMatchDraw(seed, i, round, 2 * t + 1) % (x1 - x0 + 1));
          this.tryKey(i, cy * kgw + cx);
        }
      }
      nnOut[i] = this.bj;
      distOut[i] = this.bd;
    }
    this.swap();
  }

  private swap(): void {
    [this.nn, this.nnOut] = [this.nnOut, this.nn];
    [this.dist, this.distOut] = [this.distOut, this.dist];
  }

  /** Scores of the current field: D for plain NN, else D/(alpha·s + m) with m re-estimated from this field. */
  finish(): PatchMatchResult {
    const score = new Float32Array(this.n);
    if (this.plain) {
      score.set(this.dist);
    } else {
      this.estimateColumnMin();
      for (let i = 0; i < this.n; i++) {
        const j = this.nn[i];
        score[i] = j === NO_MATCH ? Infinity : this.score(this.dist[i], j);
      }
    }
    return { nn: this.nn.slice(), score, colEstimate: this.colMin.slice() };
  }
}
