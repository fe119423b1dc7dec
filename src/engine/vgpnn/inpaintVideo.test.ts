import { describe, expect, it } from 'vitest';
import { MASK_REMOVE } from '../gpnn/gpnnTask';
import { checkVideoHole, inpaintParams, inpaintVgpnn, prepareVgpnnInpaint } from './inpaintVideo';
import { scrollingTextureVideo } from './proceduralVideos';
import { DEFAULT_VGPNN } from './vgpnnParams';
import { cloneVideo, type Video } from './video';

const [T, H, W] = [6, 30, 48];
/** A rectangle of the frame: the hole. */
const RECT = { x0: 20, x1: 28, y0: 11, y1: 19 };
const inRect = (y: number, x: number) => x >= RECT.x0 && x < RECT.x1 && y >= RECT.y0 && y < RECT.y1;
const labels = Uint8Array.from({ length: H * W }, (_, i) => (inRect(Math.floor(i / W), i % W) ? MASK_REMOVE : 0));

/** The scrolling texture with a pure red square painted into the hole on every frame: nothing else is red. */
function sourceWithRedHole(): Video {
  const v = cloneVideo(scrollingTextureVideo(T, H, W, 3));
  for (let t = 0; t < T; t++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) if (inRect(y, x)) v.data.set([1, 0, 0], ((t * H + y) * W + x) * 3);
  return v;
}

/** Mean |Δ| per value over the pixels where `where(y, x)` holds, on every frame. */
function meanDiff(a: Video, b: Video, where: (y: number, x: number) => boolean): number {
  let s = 0;
  let n = 0;
  for (let t = 0; t < T; t++)
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        if (!where(y, x)) continue;
        const o = ((t * H + y) * W + x) * 3;
        for (let c = 0; c < 3; c++) s += Math.abs(a.data[o + c] - b.data[o + c]);
        n += 3;
      }
  return s / n;
}

/** The largest red excess (R − max(G, B)) in the hole over every frame. */
function reddest(v: Video): number {
  let most = -Infinity;
  for (let t = 0; t < T; t++)
    for (let y = RECT.y0; y < RECT.y1; y++)
      for (let x = RECT.x0; x < RECT.x1; x++) {
        const o = ((t * H + y) * W + x) * 3;
        most = Math.max(most, v.data[o] - Math.max(v.data[o + 1], v.data[o + 2]));
      }
  return most;
}

const farFromHole = (y: number, x: number) =>
  x < RECT.x0 - 6 || x >= RECT.x1 + 6 || y < RECT.y0 - 6 || y >= RECT.y1 + 6;

describe('video inpainting', () => {
  // PatchMatch, whose smallest levels run exact (levelSearch); the exact search's exclusion is tested on its own.
  it('fills the hole on every frame from outside it and keeps the rest', async () => {
    const source = sourceWithRedHole();
    const prepared = prepareVgpnnInpaint(source, { labels }, { ...DEFAULT_VGPNN, search: 'patchmatch', sigma: 0.5 });
    const a = await inpaintVgpnn(prepared, 1);
    // The red square is the hole's own content, which no key may copy: what fills it is the texture.
    expect(reddest(source)).toBe(1);
    expect(reddest(a)).toBeLessThan(0.45);
    expect(meanDiff(a, source, inRect)).toBeGreaterThan(0.2);
    // The texture, scrolled, is what was under the square: the fill is close to it.
    const truth = scrollingTextureVideo(T, H, W, 3);
    expect(meanDiff(a, truth, inRect)).toBeLessThan(0.12);
    // Farther than a patch from the hole the source comes back exactly.
    expect(meanDiff(a, source, farFromHole)).toBe(0);
    // The same seed, the same video.
    const again = await inpaintVgpnn(prepared, 1);
    expect(Array.from(again.data)).toEqual(Array.from(a.data));
    // Another seed draws another fill; outside the hole it is still the source.
    const b = await inpaintVgpnn(prepared, 2);
    expect(meanDiff(a, b, inRect)).toBeGreaterThan(0);
    expect(meanDiff(b, source, farFromHole)).toBe(0);
  }, 60_000);

  it('paints the rough colour in as the start, runs at alpha 1 and sizes the coarsest level by the hole', () => {
    const source = sourceWithRedHole();
    const colour = new Uint8ClampedArray(H * W * 4);
    for (let i = 0; i < H * W; i++) if (labels[i] === MASK_REMOVE) colour.set([0, 0, 255, 255], i * 4);
    const prepared = prepareVgpnnInpaint(source, { labels, colour });
    expect(prepared.params.alpha).toBe(1);
    expect(prepared.params.loop).toBe(false);
    // The hole is 8 px across in 30: the coarsest side makes it about a 7 px patch wide (26 px), not the default 15.
    const [, ch, cw] = prepared.plan.source[prepared.plan.depth];
    expect(Math.min(ch, cw)).toBe(inpaintParams(DEFAULT_VGPNN, labels, H, W).pyramid.minSide);
    expect(Math.min(ch, cw)).toBeGreaterThan(DEFAULT_VGPNN.pyramid.minSide);
    // The start's hole is blue (the painted colour), not the source's red.
    const centre = (Math.floor(ch / 2) * cw + Math.floor(cw / 2)) * 3;
    expect(prepared.start.data[centre + 2]).toBeGreaterThan(prepared.start.data[centre]);
    // Every level excludes the keys over the hole on every frame, and keeps some.
    for (const excluded of prepared.excludedKeys!) {
      expect(excluded.some((v) => v !== 0)).toBe(true);
      expect(excluded.some((v) => v === 0)).toBe(true);
    }
  });

  it('refuses a hole it cannot fill, in the user’s words', () => {
    const source = sourceWithRedHole();
    expect(checkVideoHole({ labels: new Uint8Array(H * W) }, H, W)).toMatch(/Paint the hole/);
    expect(checkVideoHole({ labels: new Uint8Array(H * W).fill(MASK_REMOVE) }, H, W)).toMatch(/whole frame/);
    expect(checkVideoHole({ labels: new Uint8Array(5) }, H, W)).toMatch(/does not match the frame size/);
    expect(checkVideoHole({ labels }, H, W)).toBeNull();
    expect(() => prepareVgpnnInpaint(source, { labels: new Uint8Array(H * W) })).toThrow(/Paint the hole/);
    // All but a 3-px border: every patch touches the hole.
    const most = Uint8Array.from({ length: H * W }, (_, i) => {
      const y = Math.floor(i / W);
      const x = i % W;
      return y >= 3 && y < H - 3 && x >= 3 && x < W - 3 ? MASK_REMOVE : 0;
    });
    expect(() => prepareVgpnnInpaint(source, { labels: most })).toThrow(/Every patch of the frame touches the hole/);
  });
});
