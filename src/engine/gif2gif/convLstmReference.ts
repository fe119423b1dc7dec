/**
 * A float64 reference of convLstmStep in plain JS (no tfjs), for tests: the
 * tfjs cell on every backend (and, in the browser, WebGPU) is checked
 * against it. Maps are HWC (one batch item), weights in the spec's layout:
 * w is [k, k, inChannels + hidden, 4·hidden] row-major, gates i, f, o, g.
 */
export interface ConvLstmReferenceWeights {
  readonly w: ArrayLike<number>;
  readonly bi: ArrayLike<number>;
  readonly bf: ArrayLike<number>;
  readonly bo: ArrayLike<number>;
  readonly bg: ArrayLike<number>;
}

export interface ConvLstmReferenceState {
  readonly h: Float64Array;
  readonly c: Float64Array;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

export function convLstmStepReference(
  x: ArrayLike<number>,
  height: number,
  width: number,
  inChannels: number,
  hidden: number,
  kernel: number,
  weights: ConvLstmReferenceWeights,
  state: ConvLstmReferenceState | null,
): ConvLstmReferenceState {
  const cin = inChannels + hidden;
  const cout = 4 * hidden;
  const pad = (kernel - 1) / 2;
  const hPrev = state?.h ?? new Float64Array(height * width * hidden);
  const cPrev = state?.c ?? new Float64Array(height * width * hidden);
  const input = (y: number, xx: number, ch: number) =>
    ch < inChannels ? x[(y * width + xx) * inChannels + ch] : hPrev[(y * width + xx) * hidden + ch - inChannels];
  const bias = [weights.bi, weights.bf, weights.bo, weights.bg];
  const h = new Float64Array(height * width * hidden);
  const c = new Float64Array(height * width * hidden);
  const gates = new Float64Array(cout);
  for (let y = 0; y < height; y++) {
    for (let xx = 0; xx < width; xx++) {
      for (let o = 0; o < cout; o++) gates[o] = bias[Math.floor(o / hidden)][o % hidden];
      for (let ky = 0; ky < kernel; ky++) {
        const sy = y + ky - pad;
        if (sy < 0 || sy >= height) continue;
        for (let kx = 0; kx < kernel; kx++) {
          const sx = xx + kx - pad;
          if (sx < 0 || sx >= width) continue;
          for (let ch = 0; ch < cin; ch++) {
            const v = input(sy, sx, ch);
            const base = ((ky * kernel + kx) * cin + ch) * cout;
            for (let o = 0; o < cout; o++) gates[o] += v * weights.w[base + o];
          }
        }
      }
      for (let k = 0; k < hidden; k++) {
        const p = (y * width + xx) * hidden + k;
        const i = sigmoid(gates[k]);
        const f = sigmoid(gates[hidden + k]);
        const o = sigmoid(gates[2 * hidden + k]);
        const g = Math.tanh(gates[3 * hidden + k]);
        c[p] = f * cPrev[p] + i * g;
        h[p] = o * Math.tanh(c[p]);
      }
    }
  }
  return { h, c };
}
