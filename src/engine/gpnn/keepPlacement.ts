/**
 * Keep regions in retargeting (docs/algorithms.md, "Keep and remove masks"):
 * each painted keep region is an object that must come out whole, at its own
 * size and once. Completeness cannot promise that at retargeting's alpha (it
 * only works when every key's alpha is small, and a small alpha smears a
 * retarget), so the object is placed instead: cut from the source level,
 * pasted unscaled where its centre lands in the new size, at the start of
 * every level, with plain nearest neighbours rebuilding what is around it.
 * The stretched or squeezed copy the initial resize makes of it is cleared
 * from the coarsest start first, so no second copy grows from it.
 */
import { resizeLinear } from '../image/resample';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import type { Shape } from '../pyramid/pyramidShape';
import { GpnnInputError } from './gpnnPlan';
import { MASK_KEEP } from './gpnnTask';
import { labelCoverage } from './levelMasks';

/** One connected keep region at the source's resolution, and where its top-left corner goes in the output. */
export interface KeptObject {
  /** 1 on the region's pixels (source-sized). */
  readonly labels: Uint8Array;
  readonly box: { readonly y: number; readonly x: number; readonly height: number; readonly width: number };
  readonly to: { readonly y: number; readonly x: number };
}

/** A pixel of a level counts as the object's where at least this share of it is (the pyramid blurs the edge). */
const OBJECT_COVERAGE = 0.5;
/** A pixel of the stretched start counts as the stretched copy's where at least this share of it is. */
const REMNANT_COVERAGE = 0.1;
/**
 * How far in from a kept region's edge its paste fades in, px at the
 * source's full size (fewer at coarser levels, down to none). A painted
 * region holds some background around the object, and pasted exactly to its
 * edge that background met the rebuilt one in a visible line where the two
 * differed in tone (a water drop’s crown on a smooth grey at ×0.7); faded,
 * the search blends the rim. The object itself, a few pixels in, is pasted
 * exactly (docs/algorithms.md, "Keep and remove masks").
 */
export const KEEP_FEATHER_PX = 3;

/**
 * The keep regions of a mask (4-connected), each placed where its centre
 * lands in the output, clamped inside it. Refused, with the sizes, when a
 * region is larger than the output: it cannot be kept whole.
 */
export function placeKeptObjects(labels: Uint8Array, [height, width]: Shape, [outH, outW]: Shape): KeptObject[] {
  const seen = new Uint8Array(height * width);
  const objects: KeptObject[] = [];
  const stack: number[] = [];
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] !== MASK_KEEP || seen[start]) continue;
    const mine = new Uint8Array(height * width);
    let [y0, y1, x0, x1] = [height, -1, width, -1];
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      mine[i] = 1;
      const y = Math.floor(i / width);
      const x = i - y * width;
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      for (const [ny, nx] of [
        [y - 1, x],
        [y + 1, x],
        [y, x - 1],
        [y, x + 1],
      ]) {
        if (ny < 0 || nx < 0 || ny >= height || nx >= width) continue;
        const j = ny * width + nx;
        if (labels[j] === MASK_KEEP && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    const box = { y: y0, x: x0, height: y1 - y0 + 1, width: x1 - x0 + 1 };
    if (box.height > outH || box.width > outW)
      throw new GpnnInputError(
        `A keep region is ${box.width}×${box.height} px but the new size is ${outW}×${outH} px, so it cannot be kept whole: paint a smaller keep region or retarget less.`,
      );
    const place = (start: number, size: number, side: number, outSide: number) =>
      Math.max(0, Math.min(outSide - size, Math.round(((start + size / 2) * outSide) / side - size / 2)));
    objects.push({
      labels: mine,
      box,
      to: { y: place(box.y, box.height, height, outH), x: place(box.x, box.width, width, outW) },
    });
  }
  return objects;
}

/** Each object's coverage of a source level of this size (the pyramid's own blur): one per object, in order. */
export function keptCoverage(objects: readonly KeptObject[], [height, width]: Shape, [sh, sw]: Shape): Float32Array[] {
  return objects.map((o) => labelCoverage(o.labels, height, width, 1, sh, sw));
}

/**
 * Each object's paste weight at a source level of this size: 0 off the
 * object (coverage under OBJECT_COVERAGE), rising from the region's edge to 1
 * at the level's share of KEEP_FEATHER_PX in (city-block distance to the
 * nearest pixel off it; the frame of the picture is not an edge).
 */
export function keptWeights(covers: readonly Float32Array[], [sh, sw]: Shape, [height]: Shape): Float32Array[] {
  const feather = Math.max(1, Math.round((KEEP_FEATHER_PX * sh) / height));
  return covers.map((cover) => {
    const weight = new Float32Array(sh * sw);
    const depth = new Int32Array(sh * sw).fill(-1);
    let front: number[] = [];
    for (let i = 0; i < sh * sw; i++)
      if (cover[i] < OBJECT_COVERAGE) {
        depth[i] = 0;
        front.push(i);
      }
    // Breadth first from every pixel off the object, only as deep as the fade reaches.
    for (let d = 1; d < feather && front.length > 0; d++) {
      const next: number[] = [];
      for (const i of front) {
        const y = Math.floor(i / sw);
        const x = i - y * sw;
        for (const j of [y > 0 ? i - sw : -1, y + 1 < sh ? i + sw : -1, x > 0 ? i - 1 : -1, x + 1 < sw ? i + 1 : -1])
          if (j >= 0 && depth[j] < 0) {
            depth[j] = d;
            next.push(j);
          }
      }
      front = next;
    }
    for (let i = 0; i < sh * sw; i++) weight[i] = depth[i] < 0 ? 1 : depth[i] / feather;
    return weight;
  });
}

/**
 * Pastes every object, cut from the source's level image, into a level image
 * of the output (in place), blended by its weight (keptWeights at this
 * source level). Positions scale with each pyramid's own size, so the object
 * sits where its full-size placement says at every level.
 */
export function pasteKeptObjects(
  out: RgbImage,
  sourceLevel: RgbImage,
  objects: readonly KeptObject[],
  weights: readonly Float32Array[],
  [height, width]: Shape,
  [outH, outW]: Shape,
): void {
  const { height: sh, width: sw } = sourceLevel;
  for (const [n, o] of objects.entries()) {
    const weight = weights[n];
    const dy = Math.round((o.to.y * out.height) / outH - (o.box.y * sh) / height);
    const dx = Math.round((o.to.x * out.width) / outW - (o.box.x * sw) / width);
    for (let y = 0; y < sh; y++)
      for (let x = 0; x < sw; x++) {
        const w = weight[y * sw + x];
        if (w <= 0) continue;
        const ty = y + dy;
        const tx = x + dx;
        if (ty < 0 || tx < 0 || ty >= out.height || tx >= out.width) continue;
        const from = 3 * (y * sw + x);
        const to = 3 * (ty * out.width + tx);
        for (let c = 0; c < 3; c++) out.data[to + c] = w * sourceLevel.data[from + c] + (1 - w) * out.data[to + c];
      }
  }
}

/**
 * The coarsest start: the source level resized to the output level (the
 * plain retarget's start), with the resized copy of every object cleared
 * (each of its pixels takes the nearest pixel of its row outside the copy)
 * and the objects pasted at their places.
 */
export function keptStart(
  sourceLevel: RgbImage,
  outShape: Shape,
  objects: readonly KeptObject[],
  full: Shape,
  fullOut: Shape,
): RgbImage {
  const [oh, ow] = outShape;
  const resized = resizeLinear(sourceLevel, oh, ow);
  const out = createRgbImage(oh, ow);
  out.data.set(resized.data);
  const copy = new Uint8Array(oh * ow);
  const covers = keptCoverage(objects, full, [sourceLevel.height, sourceLevel.width]);
  for (const cover of covers) {
    const indicator = createRgbImage(sourceLevel.height, sourceLevel.width);
    for (let i = 0; i < cover.length; i++) indicator.data.fill(cover[i], 3 * i, 3 * i + 3);
    const stretched = resizeLinear(indicator, oh, ow);
    for (let i = 0; i < oh * ow; i++) if (stretched.data[3 * i] >= REMNANT_COVERAGE) copy[i] = 1;
  }
  for (let y = 0; y < oh; y++)
    for (let x = 0; x < ow; x++) {
      if (!copy[y * ow + x]) continue;
      let best = -1;
      for (let d = 1; d < ow && best < 0; d++) {
        if (x - d >= 0 && !copy[y * ow + x - d]) best = x - d;
        else if (x + d < ow && !copy[y * ow + x + d]) best = x + d;
      }
      if (best >= 0)
        out.data.set(resized.data.subarray(3 * (y * ow + best), 3 * (y * ow + best) + 3), 3 * (y * ow + x));
    }
  pasteKeptObjects(
    out,
    sourceLevel,
    objects,
    keptWeights(covers, [sourceLevel.height, sourceLevel.width], full),
    full,
    fullOut,
  );
  return out;
}
