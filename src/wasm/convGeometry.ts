import { backend_util } from '@tensorflow/tfjs-core';

/**
 * Where each filter tap of a 2-D convolution reads its input (channels-last):
 * one im2col row per output pixel, one column per (ky, kx, ci). Out-of-image
 * taps (padding) read zero.
 */
export interface ConvGeometry {
  readonly info: backend_util.Conv2DInfo;
  /** Output pixels over the batch: rows of the im2col matrix. */
  readonly pixels: number;
  /** kh·kw·Ci: columns of the im2col matrix, rows of the flattened filter. */
  readonly taps: number;
}

export function convGeometry(info: backend_util.Conv2DInfo): ConvGeometry {
  if (info.dataFormat !== 'channelsLast')
    throw new Error(`The wasm convolution gradients support channels-last data only (got ${info.dataFormat}).`);
  return {
    info,
    pixels: info.batchSize * info.outHeight * info.outWidth,
    taps: info.filterHeight * info.filterWidth * info.inChannels,
  };
}

/**
 * Visits every (output pixel p in [p0, p1), tap t, input offset) pair whose
 * tap lands inside the image; `visit(row, tap, inputIndex)` with row = p − p0.
 * Shared by im2col (gather) and col2im (scatter-add), so both read the same
 * geometry as tfjs's own convolution.
 */
export function forEachTap(
  g: ConvGeometry,
  p0: number,
  p1: number,
  visit: (row: number, tapBase: number, inputBase: number, channels: number) => void,
): void {
  const { info } = g;
  const {
    inHeight,
    inWidth,
    inChannels,
    outHeight,
    outWidth,
    filterHeight,
    filterWidth,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
  } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const perImage = outHeight * outWidth;
  for (let p = p0; p < p1; p++) {
    const n = Math.floor(p / perImage);
    const rem = p - n * perImage;
    const oy = Math.floor(rem / outWidth);
    const ox = rem - oy * outWidth;
    for (let ky = 0; ky < filterHeight; ky++) {
      const iy = oy * strideHeight - top + ky * dilationHeight;
      if (iy < 0 || iy >= inHeight) continue;
      for (let kx = 0; kx < filterWidth; kx++) {
        const ix = ox * strideWidth - left + kx * dilationWidth;
        if (ix < 0 || ix >= inWidth) continue;
        visit(
          p - p0,
          (ky * filterWidth + kx) * inChannels,
          ((n * inHeight + iy) * inWidth + ix) * inChannels,
          inChannels,
        );
      }
    }
  }
}

/** Output pixels per block: bounds the im2col buffer to about `budget` floats. */
export function pixelsPerBlock(g: ConvGeometry, budget = 1 << 22): number {
  return Math.max(1, Math.min(g.pixels, Math.floor(budget / g.taps)));
}
