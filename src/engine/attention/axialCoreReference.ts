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
