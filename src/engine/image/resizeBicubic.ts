/**
 * Bicubic resize as Pillow's `Image.resize(…, BICUBIC)` computes it: Keys'
 * cubic convolution with a = −0.5, half-pixel centres, the kernel widened by
 * the scale when shrinking (antialiasing), and at the borders the weights of
 * the taps inside the image renormalised to sum 1. Separable, width first.
 * The conventional baseline for super-resolution (docs/algorithms.md,
 * "Super-resolution"); results are clamped to [0, 1], as an image file
 * would hold them.
 */
import { createRgbImage, type RgbImage } from './rgbImage';

const A = -0.5;

function cubic(t: number): number {
  const x = Math.abs(t);
  if (x < 1) return ((A + 2) * x - (A + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * A;
  return 0;
}

/** For each output index: the first input tap and the normalised weights. */
function taps(inLen: number, outLen: number): { first: number; weights: Float64Array }[] {
  const scale = inLen / outLen;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  return Array.from({ length: outLen }, (_, o) => {
    const center = (o + 0.5) * scale;
    const first = Math.max(0, Math.trunc(center - support + 0.5));
    const end = Math.min(inLen, Math.trunc(center + support + 0.5));
    const weights = new Float64Array(Math.max(0, end - first));
    let sum = 0;
    for (let i = 0; i < weights.length; i++) sum += weights[i] = cubic((i + first - center + 0.5) / filterScale);
    if (sum !== 0) for (let i = 0; i < weights.length; i++) weights[i] /= sum;
    return { first, weights };
  });
}

export function resizeBicubic(src: RgbImage, outH: number, outW: number): RgbImage {
  const { height: inH, width: inW, data } = src;
  const across = new Float64Array(inH * outW * 3);
  const tx = taps(inW, outW);
  for (let y = 0; y < inH; y++) {
    for (let x = 0; x < outW; x++) {
      const { first, weights } = tx[x];
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += weights[k] * data[(y * inW + first + k) * 3 + c];
        across[(y * outW + x) * 3 + c] = s;
      }
    }
  }
  const out = createRgbImage(outH, outW);
  const ty = taps(inH, outH);
  for (let y = 0; y < outH; y++) {
    const { first, weights } = ty[y];
    for (let x = 0; x < outW; x++) {
      for (let c = 0; c < 3; c++) {
        let s = 0;
        for (let k = 0; k < weights.length; k++) s += weights[k] * across[((first + k) * outW + x) * 3 + c];
        out.data[(y * outW + x) * 3 + c] = Math.min(1, Math.max(0, s));
      }
    }
  }
  return out;
}
