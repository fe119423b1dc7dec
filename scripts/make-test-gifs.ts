/**
 * The studio's animated test GIFs, made from the example image it ships
 * (public/examples/valley.png), so no binary test data lives in git: a
 * texture scrolling down like a waterfall, and an object moving right across
 * a background. Tests import these functions and make their GIFs on the fly;
 * run as a script it writes both files to look at:
 *   npx tsx scripts/make-test-gifs.ts [out-dir]     (default test-results/test-gifs)
 * Tiny on purpose (32 px, a handful of frames): every test that decodes or
 * trains on them pays per pixel and per frame. 32 px is also the studio's
 * smallest accepted side (MIN_IMAGE_SIDE).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as gifencModule from 'gifenc';
import { PNG } from 'pngjs';
import { animationPalette } from '../src/engine/gif/encodeGif';

/** RGBA8 pixels, row-major (height, width), opaque. */
export interface TestFrame {
  readonly height: number;
  readonly width: number;
  readonly rgba: Uint8Array;
}

export interface MotionOptions {
  /** Side of the square frames, px (default 32). */
  readonly size?: number;
  /** Number of frames (default 5). */
  readonly frames?: number;
  /** Pixels moved per frame (default 4). */
  readonly step?: number;
}

// As in src/engine/gif/encodeGif.ts: bundlers see gifenc's ES build, Node's ESM loader its CommonJS one.
const { GIFEncoder } =
  'GIFEncoder' in gifencModule ? gifencModule : (gifencModule as unknown as { default: typeof gifencModule }).default;

const EXAMPLE = new URL('../public/examples/valley.png', import.meta.url);

/** The example image the studio ships, 256×192. */
export function exampleStill(): TestFrame {
  const png = PNG.sync.read(readFileSync(EXAMPLE));
  return { height: png.height, width: png.width, rgba: new Uint8Array(png.data) };
}

export function crop(img: TestFrame, top: number, left: number, height: number, width: number): TestFrame {
  const rgba = new Uint8Array(height * width * 4);
  for (let y = 0; y < height; y++)
    rgba.set(
      img.rgba.subarray(((top + y) * img.width + left) * 4, ((top + y) * img.width + left + width) * 4),
      y * width * 4,
    );
  return { height, width, rgba };
}

/** Area-average downscale: every output pixel is the mean of the input pixels it covers, so no aliasing shimmer between frames. */
export function shrink(img: TestFrame, height: number, width: number): TestFrame {
  const rgba = new Uint8Array(height * width * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * img.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * img.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * img.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * img.width) / width));
      for (let c = 0; c < 4; c++) {
        let sum = 0;
        for (let sy = y0; sy < y1; sy++)
          for (let sx = x0; sx < x1; sx++) sum += img.rgba[(sy * img.width + sx) * 4 + c];
        rgba[(y * width + x) * 4 + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return { height, width, rgba };
}

/**
 * A texture scrolling down, wrapping round, like a waterfall: frame t is the
 * tile moved down by t·step px. The tile is the valley's ridges and forest,
 * which have structure in every row, so the motion is visible everywhere.
 */
export function waterfallFrames({ size = 32, frames = 5, step = 4 }: MotionOptions = {}): TestFrame[] {
  const tile = shrink(crop(exampleStill(), 96, 64, 96, 96), size, size);
  return Array.from({ length: frames }, (_, t) => {
    const rgba = new Uint8Array(size * size * 4);
    for (let y = 0; y < size; y++) {
      const from = (((y - t * step) % size) + size) % size;
      rgba.set(tile.rgba.subarray(from * size * 4, (from + 1) * size * 4), y * size * 4);
    }
    return { height: size, width: size, rgba };
  });
}

/**
 * An object moving right across a still background: the background is the
 * whole valley squeezed to the frame, the object a patch of its sky and
 * ridge, framed in a dark border so it stands out, moving step px per frame
 * along the middle row.
 */
export function movingObjectFrames({ size = 32, frames = 5, step = 4 }: MotionOptions = {}): TestFrame[] {
  const still = exampleStill();
  const background = shrink(crop(still, 0, 32, 192, 192), size, size);
  const side = Math.max(4, Math.round(size / 4));
  const object = shrink(crop(still, 40, 8, 48, 48), side, side);
  const top = Math.round((size - side) / 2);
  if (2 + (frames - 1) * step + side > size)
    throw new RangeError(`${frames} frames of ${step} px take the ${side}-px object out of a ${size}-px frame.`);
  return Array.from({ length: frames }, (_, t) => {
    const rgba = background.rgba.slice();
    const left = 2 + t * step;
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const edge = y === 0 || x === 0 || y === side - 1 || x === side - 1;
        const src = (y * side + x) * 4;
        const dst = ((top + y) * size + left + x) * 4;
        rgba.set(edge ? [20, 20, 28, 255] : object.rgba.subarray(src, src + 4), dst);
      }
    }
    return { height: size, width: size, rgba };
  });
}

export interface TestGifOptions {
  /** Delay of every frame, ms (GIF stores hundredths; default 100). */
  readonly delayMs?: number;
  /**
   * Store each frame after the first as only the rectangle that changed,
   * drawn over the one before (disposal 1), as optimising GIF encoders do:
   * the decoder must compose frames of different sizes back into whole ones.
   */
  readonly subRectangles?: boolean;
}

/** Pixels of `cur` that differ from `prev`, as a rectangle; a 1-px one when none differ (a GIF frame cannot be empty). */
function changedRect(prev: Uint8Array, cur: Uint8Array, height: number, width: number) {
  let top = height,
    left = width,
    bottom = -1,
    right = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (prev[y * width + x] === cur[y * width + x]) continue;
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return bottom < 0
    ? { top: 0, left: 0, height: 1, width: 1 }
    : { top, left, height: bottom - top + 1, width: right - left + 1 };
}

/**
 * Palette indices, the nearest entry to each exact colour. gifenc's own
 * applyPalette caches by RGB565 bin, so two colours sharing a bin take the
 * index of whichever it met first: a pixel that did not change could change
 * index between frames, and the changed rectangles would grow.
 */
function indexFrame(rgba: Uint8Array, palette: readonly (readonly number[])[]): Uint8Array {
  const nearest = new Map<number, number>();
  const index = new Uint8Array(rgba.length / 4);
  for (let i = 0; i < index.length; i++) {
    const [r, g, b] = rgba.subarray(i * 4, i * 4 + 3);
    const key = (r << 16) | (g << 8) | b;
    let best = nearest.get(key);
    if (best === undefined) {
      let bestD = Infinity;
      palette.forEach((p, k) => {
        const d = (p[0] - r) ** 2 + (p[1] - g) ** 2 + (p[2] - b) ** 2;
        if (d < bestD) [bestD, best] = [d, k];
      });
      nearest.set(key, best!);
    }
    index[i] = best!;
  }
  return index;
}

/**
 * An animated GIF of the frames (all one size), looping forever, with one
 * global palette quantised over every frame (as the studio's own export),
 * each colour always the same index: with or without sub-rectangles, the
 * same frames decode to the same pixels.
 */
export function encodeTestGif(
  frames: readonly TestFrame[],
  { delayMs = 100, subRectangles = false }: TestGifOptions = {},
): Uint8Array {
  if (frames.length === 0) throw new RangeError('A GIF needs at least one frame.');
  const { height, width } = frames[0];
  const palette = animationPalette(frames);
  const indexed = frames.map((f) => indexFrame(f.rgba, palette));
  const gif = GIFEncoder();
  // gifenc writes every image at (0, 0); where a sub-rectangle goes is patched in afterwards.
  const positions: { at: number; top: number; left: number }[] = [];
  indexed.forEach((index, i) => {
    if (i === 0 || !subRectangles) {
      gif.writeFrame(index, width, height, i === 0 ? { palette, delay: delayMs, repeat: 0 } : { delay: delayMs });
      return;
    }
    const r = changedRect(indexed[i - 1], index, height, width);
    const part = new Uint8Array(r.height * r.width);
    for (let y = 0; y < r.height; y++)
      part.set(index.subarray((r.top + y) * width + r.left, (r.top + y) * width + r.left + r.width), y * r.width);
    // After the 8-byte graphic control extension comes the image separator, then left and top (little-endian).
    positions.push({ at: gif.bytesView().length + 9, top: r.top, left: r.left });
    gif.writeFrame(part, r.width, r.height, { delay: delayMs, dispose: 1 });
  });
  gif.finish();
  const bytes = gif.bytes();
  for (const { at, top, left } of positions) {
    bytes[at] = left & 0xff;
    bytes[at + 1] = left >> 8;
    bytes[at + 2] = top & 0xff;
    bytes[at + 3] = top >> 8;
  }
  return bytes;
}

/** The two test animations as GIF files: name → bytes. */
export function testGifs(
  options: MotionOptions & TestGifOptions = {},
): Record<'waterfall' | 'moving-object', Uint8Array> {
  return {
    waterfall: encodeTestGif(waterfallFrames(options), options),
    'moving-object': encodeTestGif(movingObjectFrames(options), options),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? 'test-results/test-gifs');
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of Object.entries(testGifs())) {
    writeFileSync(resolve(out, `${name}.gif`), bytes);
    console.log(`${resolve(out, `${name}.gif`)}  ${bytes.length} bytes`);
  }
}
