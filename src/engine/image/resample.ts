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
  | { readonly kind: 'linear' };

export type Axis = 'height' | 'width';

export const FILTER_CODE = { gaussian: 0, linear: 1 } as const;
export const AXIS_CODE = { height: 0, width: 1 } as const;

/** Half-width of the filter, in input pixels: taps beyond it have zero (or negligible) weight. */
export function filterRadius(filter: ResampleFilter, inLen: number, outLen: number): number {
  if (filter.kind === 'gaussian') return Math.ceil(3 * filter.sigma);
  return Math.max(1, inLen / outLen);
}

/** Weight of input tap `t` for an output centred at `c`. */
function tapWeight(filter: ResampleFilter, radius: number, d: number): number {
  if (filter.kind === 'gaussian') {
    return Math.exp(-0.5 * (d * d) / (filter.sigma * filter.sigma));
  }
  return Math.max(0, 1 - Math.abs(d) / radius);
}

export function validateFilter(filter: ResampleFilter): void {
  if (filter.kind === 'gaussian' && !(filter.sigma > 0)) {
    throw new RangeError('Gaussian resampling needs sigma > 0');
  }
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
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      const o = axis === 'height' ? y : x;
      const c = (o + 0.5) * scale - 0.5;
      const t0 = Math.max(0, Math.floor(c - radius));
      const t1 = Math.min(inLen - 1, Math.ceil(c + radius));
      let r = 0, g = 0, b = 0, wsum = 0;
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
  if (outW !== inW) steps.push({ axis: 'width', outLen: outW, filter: { kind: 'gaussian', sigma: pyramidSigma(inW, outW) } });
  if (outH !== inH) steps.push({ axis: 'height', outLen: outH, filter: { kind: 'gaussian', sigma: pyramidSigma(inH, outH) } });
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

/** One pyramid level: Gaussian blur + downscale. */
export function gaussianDownscale(src: RgbImage, outH: number, outW: number): RgbImage {
  return applyResampleSteps(src, gaussianDownscaleSteps(src.height, src.width, outH, outW));
}

/** Antialiased bilinear resize to any size (up or down). */
export function resizeLinear(src: RgbImage, outH: number, outW: number): RgbImage {
  return applyResampleSteps(src, linearResizeSteps(src.height, src.width, outH, outW));
}
