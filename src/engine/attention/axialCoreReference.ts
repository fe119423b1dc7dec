import type { AttentionAxis } from './axialCore';

/**
 * CPU twin of the axial attention core (axialCore.ts, shaders/axial_attention.wgsl)
 * in float64: the reference the GPU kernel and the tfjs gradients are tested
 * against. Inputs are [H, W, C] row-major, as tfjs lays out a Tensor3D.
 */
export interface AxialShape {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * An axis seen as independent 1-D sequences ("lines"): element (line, pos, c)
 * is at line·lineStride + pos·posStride + c. The WGSL kernel gets the same
 * numbers, so it needs no notion of rows or columns.
 */
export interface AxialLines {
  readonly lines: number;
  readonly length: number;
  readonly lineStride: number;
  readonly posStride: number;
}

export function axialLines({ height, width, channels }: AxialShape, axis: AttentionAxis): AxialLines {
  checkShape({ height, width, channels });
  return axis === 'rows'
    ? { lines: height, length: width, lineStride: width * channels, posStride: channels }
    : { lines: width, length: height, lineStride: channels, posStride: width * channels };
}

function checkShape({ height, width, channels }: AxialShape): void {
  for (const [name, n] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
  ] as const) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`axial attention: ${name} must be a positive integer, got ${n}`);
  }
}

function checkLengths(shape: AxialShape, arrays: Record<string, ArrayLike<number>>): void {
  const n = shape.height * shape.width * shape.channels;
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== n) throw new RangeError(`axial attention: ${name} has ${a.length} values, expected H·W·C = ${n}`);
  }
}

/** Softmax row P[i, ·] of one line, with max subtraction so large scores cannot overflow. */
function softmaxRow(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  qi: number,
  line: number,
  g: AxialLines,
  c: number,
  out: Float64Array,
): void {
  const scale = 1 / Math.sqrt(c);
  let max = -Infinity;
  for (let j = 0; j < g.length; j++) {
    const kj = line + j * g.posStride;
    let s = 0;
    for (let ch = 0; ch < c; ch++) s += q[qi + ch] * k[kj + ch];
    out[j] = s * scale;
    max = Math.max(max, out[j]);
  }
  let sum = 0;
  for (let j = 0; j < g.length; j++) sum += out[j] = Math.exp(out[j] - max);
  for (let j = 0; j < g.length; j++) out[j] /= sum;
}

/** Forward in float64: out[h,w,:] = Σ_j softmax_j(q[h,w]·k[j]/√C)·v[j] along the axis. */
export function axialAttention64(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  shape: AxialShape,
  axis: AttentionAxis,
): Float64Array {
  const g = axialLines(shape, axis);
  checkLengths(shape, { q, k, v });
  const c = shape.channels;
  const out = new Float64Array(q.length);
  const p = new Float64Array(g.length);
  for (let l = 0; l < g.lines; l++) {
    const line = l * g.lineStride;
    for (let i = 0; i < g.length; i++) {
      const qi = line + i * g.posStride;
      softmaxRow(q, k, qi, line, g, c, p);
      for (let j = 0; j < g.length; j++) {
        const vj = line + j * g.posStride;
        for (let ch = 0; ch < c; ch++) out[qi + ch] += p[j] * v[vj + ch];
      }
    }
  }
  return out;
}

/** The reference forward rounded to float32, the precision the GPU and tfjs produce. */
export function axialAttentionReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  shape: AxialShape,
  axis: AttentionAxis,
): Float32Array {
  return Float32Array.from(axialAttention64(q, k, v, shape, axis));
}

export interface AxialGrads {
  readonly dq: Float64Array;
  readonly dk: Float64Array;
  readonly dv: Float64Array;
}

/**
 * Gradients of Σ dOut ⊙ out, per line, in float64, by the same formula as
 * axialCoreGrad.ts: dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P⊙(dP − rowsum(dP⊙P)),
 * dQ = dS·K/√C, dK = dSᵀ·Q/√C.
 */
export function axialAttentionGradReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dOut: ArrayLike<number>,
  shape: AxialShape,
  axis: AttentionAxis,
): AxialGrads {
  const g = axialLines(shape, axis);
  checkLengths(shape, { q, k, v, dOut });
  const c = shape.channels;
  const scale = 1 / Math.sqrt(c);
  const dq = new Float64Array(q.length);
  const dk = new Float64Array(q.length);
  const dv = new Float64Array(q.length);
  const p = new Float64Array(g.length);
  const dp = new Float64Array(g.length);
  for (let l = 0; l < g.lines; l++) {
    const line = l * g.lineStride;
    for (let i = 0; i < g.length; i++) {
      const qi = line + i * g.posStride;
      softmaxRow(q, k, qi, line, g, c, p);
      let rowDot = 0;
      for (let j = 0; j < g.length; j++) {
        const vj = line + j * g.posStride;
        let s = 0;
        for (let ch = 0; ch < c; ch++) {
          s += dOut[qi + ch] * v[vj + ch];
          dv[vj + ch] += p[j] * dOut[qi + ch];
        }
        dp[j] = s;
        rowDot += s * p[j];
      }
      for (let j = 0; j < g.length; j++) {
        const kj = line + j * g.posStride;
        const ds = p[j] * (dp[j] - rowDot) * scale;
        for (let ch = 0; ch < c; ch++) {
          dq[qi + ch] += ds * k[kj + ch];
          dk[kj + ch] += ds * q[qi + ch];
        }
      }
    }
  }
  return { dq, dk, dv };
}

export interface AxialGradGrads {
  readonly gq: Float64Array;
  readonly gk: Float64Array;
  readonly gv: Float64Array;
  readonly gdOut: Float64Array;
}

/**
 * The gradient of the backward above, in float64: for cotangents (ddq, ddk,
 * ddv) of its outputs, the gradients of Φ = ⟨ddq, dQ⟩ + ⟨ddk, dK⟩ + ⟨ddv, dV⟩
 * with respect to q, k, v and dOut (what a second backward pass through the
 * core computes, e.g. WGAN-GP's penalty). Per line, with s = 1/√C,
 * r = rowsum(dP⊙P), dS = P⊙(dP − r):
 *
 *   M = s·(ddq·Kᵀ + Q·ddkᵀ),  m = rowsum(M⊙P),  X = dO·ddvᵀ
 *   G_dP = P⊙(M − m),  G_P = M⊙(dP − r) − m⊙dP + X,  G_S = P⊙(G_P − rowsum(G_P⊙P))
 *   gq = s·(G_S·K + dS·ddk),  gk = s·(G_Sᵀ·Q + dSᵀ·ddq),  gv = G_dPᵀ·dO,  gdOut = G_dP·V + P·ddv
 *
 * The CPU twin of the wasm kernel AxialAttentionGradGrad (src/wasm/axialAttentionWasm.ts).
 */
export function axialAttentionGradGradReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  dOut: ArrayLike<number>,
  ddq: ArrayLike<number>,
  ddk: ArrayLike<number>,
  ddv: ArrayLike<number>,
  shape: AxialShape,
  axis: AttentionAxis,
): AxialGradGrads {
  const g = axialLines(shape, axis);
  checkLengths(shape, { q, k, v, dOut, ddq, ddk, ddv });
  const c = shape.channels;
  const n = g.length;
  const scale = 1 / Math.sqrt(c);
  const size = q.length;
  const [gq, gk, gv, gdOut] = [0, 1, 2, 3].map(() => new Float64Array(size));
  // Dense n×n matrices of one line, row i = query position i.
  const P = new Float64Array(n * n);
  const dP = new Float64Array(n * n);
  const dS = new Float64Array(n * n);
  const gdP = new Float64Array(n * n);
  const gS = new Float64Array(n * n);
  const row = new Float64Array(n);
  const dot = (a: ArrayLike<number>, ai: number, b: ArrayLike<number>, bi: number) => {
    let s = 0;
    for (let ch = 0; ch < c; ch++) s += a[ai + ch] * b[bi + ch];
    return s;
  };
  for (let l = 0; l < g.lines; l++) {
    const line = l * g.lineStride;
    const at = (i: number) => line + i * g.posStride;
    for (let i = 0; i < n; i++) {
      softmaxRow(q, k, at(i), line, g, c, row);
      P.set(row, i * n);
    }
    for (let i = 0; i < n; i++) {
      let r = 0;
      let m = 0;
      const mRow = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        dP[i * n + j] = dot(dOut, at(i), v, at(j));
        mRow[j] = scale * (dot(ddq, at(i), k, at(j)) + dot(q, at(i), ddk, at(j)));
        r += dP[i * n + j] * P[i * n + j];
        m += mRow[j] * P[i * n + j];
      }
      let t = 0;
      const gP = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        const p = P[i * n + j];
        const d = dP[i * n + j];
        dS[i * n + j] = p * (d - r);
        gdP[i * n + j] = p * (mRow[j] - m);
        gP[j] = mRow[j] * (d - r) - m * d + dot(dOut, at(i), ddv, at(j));
        t += gP[j] * p;
      }
      for (let j = 0; j < n; j++) gS[i * n + j] = P[i * n + j] * (gP[j] - t);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const [pi, pj] = [at(i), at(j)];
        const [s, d, gd, p] = [gS[i * n + j], dS[i * n + j], gdP[i * n + j], P[i * n + j]];
        for (let ch = 0; ch < c; ch++) {
          gq[pi + ch] += scale * (s * k[pj + ch] + d * ddk[pj + ch]);
          gk[pj + ch] += scale * (s * q[pi + ch] + d * ddq[pi + ch]);
          gv[pj + ch] += gd * dOut[pi + ch];
          gdOut[pi + ch] += gd * v[pj + ch] + p * ddv[pj + ch];
        }
      }
    }
  }
  return { gq, gk, gv, gdOut };
}
