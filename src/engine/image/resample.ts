import { CHANNELS, createRgbImage, type RgbImage } from './rgbImage';

/**
 * Separable 1-D resampling, the single primitive behind the pyramid (Gaussian
 * blur + downscale) and every resize (antialiased linear). The WGSL kernel
 * shaders/resample_axis.wgsl computes exactly this; this file is its CPU
 * reference and the implementation used on the CPU fallback.
 */
export type ResampleFilter =
  /** Gaussian of std `sigma` (in input pixels) sampled at the mapped centre. */
  | { readonly kind: 'gaussian'; readonly sigma: number }
  /** Triangle filter widened by the downscale factor, so shrinking is antialiased. */
  | { readonly kind: 'linear' }
  /**
   * skimage's way, per axis: a Gaussian blur of std `sigma` (input pixels;
   * half-sample-symmetric edges, radius ⌊4σ+½⌋ as scipy's gaussian_filter),
   * then plain bilinear interpolation at the mapped centre. σ = 2R/6 is one
   * step of `pyramid_gaussian`; σ = (in/out − 1)/2 is `resize` with
   * anti-aliasing; σ = 0 is bare bilinear.
   */
  | { readonly kind: 'blurLinear'; readonly sigma: number };

export type Axis = 'height' | 'width';

export const FILTER_CODE = { gaussian: 0, linear: 1, blurLinear: 2 } as const;
export const AXIS_CODE = { height: 0, width: 1 } as const;

/** Half-width of the filter, in input pixels: taps beyond it have zero (or negligible) weight. */
export function filterRadius(filter: ResampleFilter, inLen: number, outLen: number): number {
  if (filter.kind === 'gaussian') return Math.ceil(3 * filter.sigma);
  if (filter.kind === 'blurLinear') return Math.floor(4 * filter.sigma + 0.5);
  return Math.max(1, inLen / outLen);
}

/** Weight of input tap `t` for an output centred at `c`. */
function tapWeight(filter: ResampleFilter, radius: number, d: number): number {
  if (filter.kind === 'gaussian') {
    return Math.exp((-0.5 * (d * d)) / (filter.sigma * filter.sigma));
  }
  return Math.max(0, 1 - Math.abs(d) / radius);
}

export function validateFilter(filter: ResampleFilter): void {
  if (filter.kind === 'gaussian' && !(filter.sigma > 0)) {
    throw new RangeError('Gaussian resampling needs sigma > 0');
  }
  if (filter.kind === 'blurLinear' && !(filter.sigma >= 0 && filter.sigma < 64)) {
    throw new RangeError('A blur before bilinear sampling needs 0 ≤ sigma < 64');
  }
}

/** Half-sample-symmetric index (scipy's 'reflect': d c b a | a b c d | d c b a). */
export function reflectIndex(t: number, n: number): number {
  const period = 2 * n;
  const m = ((t % period) + period) % period;
  return m < n ? m : period - 1 - m;
}

/**
 * Taps of the blurLinear filter for output sample `o`: the bilinear pair at
 * the mapped centre, each blurred by the truncated, normalised Gaussian. The
 * WGSL kernel walks the same taps in the same order.
 */
function blurLinearTaps(
  sigma: number,
  inLen: number,
  outLen: number,
  o: number,
): { index: number[]; weight: number[] } {
  const c = Math.min(Math.max((o + 0.5) * (inLen / outLen) - 0.5, 0), inLen - 1);
  const i0 = Math.floor(c);
  const f = c - i0;
  const i1 = Math.min(i0 + 1, inLen - 1);
  const r = Math.floor(4 * sigma + 0.5);
  const g: number[] = [];
  for (let d = -r; d <= r; d++) g.push(sigma > 0 ? Math.exp((-0.5 * d * d) / (sigma * sigma)) : 1);
  const gsum = g.reduce((a, b) => a + b, 0);
  const index: number[] = [];
  const weight: number[] = [];
  for (let d = -r; d <= r; d++) {
    const gw = g[d + r] / gsum;
    index.push(reflectIndex(i0 + d, inLen), reflectIndex(i1 + d, inLen));
    weight.push((1 - f) * gw, f * gw);
  }
  return { index, weight };
}

/**
 * Resample `src` along one axis to `outLen` samples. Output sample o maps to
 * input coordinate c = (o + ½)·in/out − ½ (pixel centres aligned); taps that
 * fall outside the image are dropped and the rest renormalised, which equals
 * edge clamping for the linear filter and avoids dark borders for the Gaussian.
 */
export function resampleAxis(src: RgbImage, axis: Axis, outLen: number, filter: ResampleFilter): RgbImage {
  validateFilter(filter);
  const inLen = axis === 'height' ? src.height : src.width;
  const outH = axis === 'height' ? outLen : src.height;
  const outW = axis === 'width' ? outLen : src.width;
  const out = createRgbImage(outH, outW);
  const scale = inLen / outLen;
  const radius = filterRadius(filter, inLen, outLen);
  const s = src.data;
  const d = out.data;
  if (filter.kind === 'blurLinear') {
    const taps = Array.from({ length: outLen }, (_, o) => blurLinearTaps(filter.sigma, inLen, outLen, o));
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const { index, weight } = taps[axis === 'height' ? y : x];
        let r = 0,
          g = 0,
          b = 0;
        for (let i = 0; i < index.length; i++) {
          const t = index[i];
          const w = weight[i];
          const idx = axis === 'height' ? (t * src.width + x) * CHANNELS : (y * src.width + t) * CHANNELS;
          r += w * s[idx];
          g += w * s[idx + 1];
          b += w * s[idx + 2];
        }
        const oi = (y * outW + x) * CHANNELS;
        d[oi] = r;
        d[oi + 1] = g;
        d[oi + 2] = b;
      }
    }
    return out;
  }
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const o = axis === 'height' ? y : x;
      const c = (o + 0.5) * scale - 0.5;
      const t0 = Math.max(0, Math.floor(c - radius));
      const t1 = Math.min(inLen - 1, Math.ceil(c + radius));
      let r = 0,
        g = 0,
        b = 0,
        wsum = 0;
      for (let t = t0; t <= t1; t++) {
        const w = tapWeight(filter, radius, t - c);
        if (w === 0) continue;
        const idx = axis === 'height' ? (t * src.width + x) * CHANNELS : (y * src.width + t) * CHANNELS;
        r += w * s[idx];
        g += w * s[idx + 1];
        b += w * s[idx + 2];
        wsum += w;
      }
      const oi = (y * outW + x) * CHANNELS;
      d[oi] = r / wsum;
      d[oi + 1] = g / wsum;
      d[oi + 2] = b / wsum;
    }
  }
  return out;
}

/** The Gaussian pyramid's anti-alias blur (skimage's pyramid_reduce choice: sigma = 2·factor/6). */
export function pyramidSigma(inLen: number, outLen: number): number {
  return (2 * (inLen / outLen)) / 6;
}

/** One separable pass: resample along `axis` to `outLen` samples with `filter`. */
export interface ResampleStep {
  readonly axis: Axis;
  readonly outLen: number;
  readonly filter: ResampleFilter;
}

/**
 * The passes of one pyramid level (Gaussian blur + downscale), width first.
 * An axis whose length does not change gets no pass. The CPU and both GPU
 * paths build their passes here, so they agree in every case.
 */
export function gaussianDownscaleSteps(inH: number, inW: number, outH: number, outW: number): ResampleStep[] {
  const steps: ResampleStep[] = [];
  if (outW !== inW)
    steps.push({ axis: 'width', outLen: outW, filter: { kind: 'gaussian', sigma: pyramidSigma(inW, outW) } });
  if (outH !== inH)
    steps.push({ axis: 'height', outLen: outH, filter: { kind: 'gaussian', sigma: pyramidSigma(inH, outH) } });
  return steps;
}

/** The passes of an antialiased bilinear resize, width first; unchanged axes get none. */
export function linearResizeSteps(inH: number, inW: number, outH: number, outW: number): ResampleStep[] {
  const steps: ResampleStep[] = [];
  if (outW !== inW) steps.push({ axis: 'width', outLen: outW, filter: { kind: 'linear' } });
  if (outH !== inH) steps.push({ axis: 'height', outLen: outH, filter: { kind: 'linear' } });
  return steps;
}

/** Runs passes on the CPU; with no passes, a copy of the source. */
export function applyResampleSteps(src: RgbImage, steps: readonly ResampleStep[]): RgbImage {
  if (steps.length === 0) return createRgbImage(src.height, src.width, src.data.slice());
  return steps.reduce((img, s) => resampleAxis(img, s.axis, s.outLen, s.filter), src);
}

/**
 * One step of skimage's `pyramid_gaussian` (what the reference GPNN code
 * builds its pyramid with): blur the previous level with σ = 2R/6 of its own
 * pixels, then sample it bilinearly at the new size. Both axes are blurred
 * even where the size does not change, as skimage does.
 */
export function pyramidReduceSteps(outH: number, outW: number, ratio: number): ResampleStep[] {
  const sigma = (2 * ratio) / 6;
  return [
    { axis: 'width', outLen: outW, filter: { kind: 'blurLinear', sigma } },
    { axis: 'height', outLen: outH, filter: { kind: 'blurLinear', sigma } },
  ];
}

/**
 * skimage's `resize` with its default anti-aliasing: per shrinking axis a blur
 * of σ = (in/out − 1)/2, then bilinear; unchanged axes get no pass. The
 * reference code makes its coarsest level this way from the level above.
 */
export function antialiasedResizeSteps(inH: number, inW: number, outH: number, outW: number): ResampleStep[] {
  const steps: ResampleStep[] = [];
  const sigma = (inLen: number, outLen: number) => Math.max(0, (inLen / outLen - 1) / 2);
  if (outW !== inW)
    steps.push({ axis: 'width', outLen: outW, filter: { kind: 'blurLinear', sigma: sigma(inW, outW) } });
  if (outH !== inH)
    steps.push({ axis: 'height', outLen: outH, filter: { kind: 'blurLinear', sigma: sigma(inH, outH) } });
  return steps;
}

/** One pyramid level: Gaussian blur + downscale. */
export function gaussianDownscale(src: RgbImage, outH: number, outW: number): RgbImage {
  return applyResampleSteps(src, gaussianDownscaleSteps(src.height, src.width, outH, outW));
}

/** skimage's `resize` (anti-aliased when shrinking): how the reference code fits an image to the coarsest level. */
export function resizeAntialiased(src: RgbImage, outH: number, outW: number): RgbImage {
  return applyResampleSteps(src, antialiasedResizeSteps(src.height, src.width, outH, outW));
}

/** Antialiased bilinear resize to any size (up or down). */
export function resizeLinear(src: RgbImage, outH: number, outW: number): RgbImage {
  return applyResampleSteps(src, linearResizeSteps(src.height, src.width, outH, outW));
}
