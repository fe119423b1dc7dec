import * as gifencModule from 'gifenc';
import type { GifPalette } from 'gifenc';
import { playbackOrder, type LoopMode } from '../animation/frameOrder';
import { checkExportFps, checkExportFrames, type RgbaFrame } from './gifLimits';

export interface EncodeGifOptions {
  readonly fps: number;
  /** Pingpong is written out frame by frame (0…N−1, N−2…1): GIF itself only loops. */
  readonly loop: LoopMode;
  /** Called after each frame written: (frames written, frames in the file). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between frames; an abort rejects with its reason. */
  readonly signal?: AbortSignal;
  /** Awaited between frames, so a worker stays responsive (default: a zero timeout). */
  readonly pause?: () => Promise<void>;
}

/**
 * Bundlers load gifenc's ES build (named exports); Node's own ESM loader (a
 * script run with tsx) only sees its CommonJS build, whose exports arrive as
 * `default`.
 */
const { applyPalette, GIFEncoder, quantize } =
  'quantize' in gifencModule ? gifencModule : (gifencModule as unknown as { default: typeof gifencModule }).default;

/**
 * How many pixels the palette is quantised from. The pairwise-nearest-neighbour
 * quantiser first bins pixels into 2^16 RGB565 cells, so beyond a few hundred
 * thousand samples more pixels no longer change the palette, only the time.
 */
const PALETTE_SAMPLES = 1 << 19;

/**
 * GIF delays are whole hundredths of a second, so the frame rate is rounded to
 * the nearest delay: 1/fps s → round(100/fps) cs (12 fps plays at 12.5 fps,
 * 30 fps at 33.3). 50 fps (2 cs) is the fastest browsers honour.
 */
export function gifDelayCentiseconds(fps: number): number {
  checkExportFps(fps);
  return Math.max(2, Math.round(100 / fps));
}

/** Whole buffers only: gifenc reads `rgba.buffer` from its start to its end, not the view. */
function ownBuffer(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  return rgba.byteOffset === 0 && rgba.byteLength === rgba.buffer.byteLength && rgba instanceof Uint8Array
    ? rgba
    : new Uint8Array(rgba);
}

/**
 * One palette for the whole animation, from pixels sampled across every
 * frame. Per-frame palettes would each fit their frame slightly better, but a
 * colour that lands on different palette entries in neighbouring frames
 * shimmers on playback: the very flicker the animation works to avoid. The
 * samples take every k-th pixel, offset per frame, so together they cover
 * each frame's pixels evenly. RGB565 binning (not RGB444) because the
 * studio's outputs are photographs with smooth gradients, where 4 bits per
 * channel band visibly; 256 colours is GIF's maximum and the limit for quality.
 */
export function animationPalette(frames: readonly RgbaFrame[], maxColors = 256): GifPalette {
  const perFrame = frames[0].height * frames[0].width;
  const step = Math.max(1, Math.ceil((perFrame * frames.length) / PALETTE_SAMPLES));
  const sample = new Uint8Array(Math.ceil(perFrame / step) * frames.length * 4);
  let n = 0;
  frames.forEach((f, i) => {
    for (let p = i % step; p < perFrame; p += step, n++) sample.set(f.rgba.subarray(p * 4, p * 4 + 4), n * 4);
  });
  return quantize(new Uint8Array(sample.buffer.slice(0, n * 4)), maxColors, { format: 'rgb565' });
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * An animated GIF that loops forever: one global palette (animationPalette),
 * the nearest palette colour per pixel (no dithering: dither noise changes
 * from frame to frame and reads as flicker), pingpong expanded into frames.
 * Throws RangeError for no frames, frames of different sizes, frames larger
 * than 4096 px or more than 1000 of them, and frame rates outside 1–50 fps.
 */
export async function encodeGif(frames: readonly RgbaFrame[], options: EncodeGifOptions): Promise<Uint8Array> {
  checkExportFrames(frames);
  const delayMs = gifDelayCentiseconds(options.fps) * 10;
  const pause = options.pause ?? nextTask;
  const { height, width } = frames[0];
  const palette = animationPalette(frames);
  const order = playbackOrder(frames.length, options.loop);
  // Each distinct frame is indexed once, even when pingpong shows it twice.
  const indexed = new Map<number, Uint8Array>();
  const gif = GIFEncoder({ initialCapacity: Math.min(1 << 26, height * width * order.length + 4096) });
  for (let i = 0; i < order.length; i++) {
    options.signal?.throwIfAborted();
    const f = order[i];
    let index = indexed.get(f);
    if (!index) {
      index = applyPalette(ownBuffer(frames[f].rgba), palette, 'rgb565');
      indexed.set(f, index);
    }
    // The palette and the loop count go with the first frame only: they become the global colour table and the NETSCAPE2.0 block.
    gif.writeFrame(index, width, height, i === 0 ? { palette, delay: delayMs, repeat: 0 } : { delay: delayMs });
    options.onProgress?.(i + 1, order.length);
    await pause();
  }
  options.signal?.throwIfAborted();
  gif.finish();
  return gif.bytes();
}
