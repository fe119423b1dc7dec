import { decompressFrames, parseGIF } from 'gifuct-js';
import { describe, expect, it } from 'vitest';
import { encodeGif, gifDelayCentiseconds } from './encodeGif';
import type { RgbaFrame } from './gifLimits';

/** Smooth gradients, a background that drifts a little with t and a moving bar: like an animation's frames, they share most colours. */
function frame(height: number, width: number, t: number): RgbaFrame {
  const rgba = new Uint8ClampedArray(height * width * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      rgba[i] = (255 * x) / (width - 1);
      rgba[i + 1] = (255 * y) / (height - 1);
      rgba[i + 2] = Math.abs(x - 4 * t) < 2 ? 230 : 60 + 3 * t;
      rgba[i + 3] = 255;
    }
  }
  return { height, width, rgba };
}

function decode(bytes: Uint8Array) {
  const gif = parseGIF(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return { gif, frames: decompressFrames(gif, true) };
}

const meanAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue;
    s += Math.abs(a[i] - b[i]);
    n++;
  }
  return s / n;
};

describe('GIF encoding', () => {
  const input = [0, 1, 2, 3].map((t) => frame(20, 30, t));

  it('writes every frame at the right size and delay, looping forever, close to the input colours', async () => {
    const progress: [number, number][] = [];
    const bytes = await encodeGif(input, { fps: 12, loop: 'loop', onProgress: (d, n) => progress.push([d, n]) });
    const { gif, frames } = decode(bytes);
    expect([gif.lsd.width, gif.lsd.height]).toEqual([30, 20]);
    expect(frames.length).toBe(4);
    expect(progress).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    for (const [i, f] of frames.entries()) {
      expect(f.dims).toEqual({ width: 30, height: 20, top: 0, left: 0 });
      // 12 fps → round(100/12) = 8 hundredths (gifuct-js reports ms).
      expect(f.delay).toBe(80);
      const error = meanAbs(f.patch, input[i].rgba);
      console.info(`frame ${i}: mean abs error ${error.toFixed(2)} / 255`);
      // ~3–4 of 255 here: 256 colours shared by ~2400 distinct gradient colours (one frame's own palette gets ~2).
      expect(error).toBeLessThan(6);
    }
    for (let i = 1; i < frames.length; i++) expect(meanAbs(frames[i].patch, frames[i - 1].patch)).toBeGreaterThan(1);
    // NETSCAPE2.0 application block with loop count 0 = forever.
    const app = gif.frames.find((b) => 'application' in b) as
      { application: { id: string; blocks: ArrayLike<number> } } | undefined;
    expect(app?.application.id).toBe('NETSCAPE2.0');
    // Sub-block 1, then the loop count as a little-endian uint16.
    expect(Array.from(app!.application.blocks)).toEqual([1, 0, 0]);
  });

  it('expands pingpong into 0…N−1, N−2…1 and uses one global palette', async () => {
    const { gif, frames } = decode(await encodeGif(input, { fps: 25, loop: 'pingpong' }));
    expect(frames.length).toBe(6);
    expect(frames[0].delay).toBe(40);
    expect(gif.lsd.gct.exists).toBe(true);
    for (const f of frames) expect(f.colorTable).toEqual(gif.gct);
    expect(Array.from(frames[4].patch)).toEqual(Array.from(frames[2].patch));
    expect(Array.from(frames[5].patch)).toEqual(Array.from(frames[1].patch));
  });

  it('rounds delays to hundredths of a second', () => {
    expect(gifDelayCentiseconds(1)).toBe(100);
    expect(gifDelayCentiseconds(30)).toBe(3);
    expect(gifDelayCentiseconds(50)).toBe(2);
  });

  it('refuses what it cannot encode with a RangeError that says why', async () => {
    const opts = { fps: 10, loop: 'loop' } as const;
    await expect(encodeGif([], opts)).rejects.toThrow(/no frames/);
    await expect(encodeGif([frame(20, 30, 0), frame(20, 31, 1)], opts)).rejects.toThrow(
      /same size.*frame 2 is 31×20 but frame 1 is 30×20/,
    );
    const huge = { height: 4097, width: 2, rgba: new Uint8ClampedArray(4097 * 2 * 4) };
    await expect(encodeGif([huge], opts)).rejects.toThrow(/at most 4096×4096/);
    const tiny = frame(2, 2, 0);
    await expect(encodeGif(Array(1001).fill(tiny), opts)).rejects.toThrow(/At most 1000 frames/);
    await expect(encodeGif(input, { ...opts, fps: 0 })).rejects.toThrow(RangeError);
    await expect(encodeGif(input, { ...opts, fps: 60 })).rejects.toThrow(/1 to 50 fps/);
    await expect(encodeGif(input, { ...opts, fps: Number.NaN })).rejects.toThrow(/fps/);
  });

  it('stops between frames when aborted', async () => {
    const controller = new AbortController();
    await expect(
      encodeGif(input, {
        fps: 10,
        loop: 'loop',
        signal: controller.signal,
        onProgress: (d) => d === 2 && controller.abort(new Error('stop')),
      }),
    ).rejects.toThrow('stop');
  });

  it('reads only the frame, not the rest of a shared buffer', async () => {
    const big = new Uint8ClampedArray(20 * 30 * 4 * 2).fill(255);
    const view = big.subarray(20 * 30 * 4);
    view.set(input[0].rgba);
    const { frames } = decode(
      await encodeGif([{ height: 20, width: 30, rgba: view }, input[1]], { fps: 10, loop: 'loop' }),
    );
    expect(meanAbs(frames[0].patch, input[0].rgba)).toBeLessThan(6);
  });
});
