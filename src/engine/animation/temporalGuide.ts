import { resizeLinear } from '../image/resample';
import { createRgbImage, type RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';

/** (1−w)·a + w·b, pixel by pixel; a and b have the same size. */
export function mixImages(a: RgbImage, b: RgbImage, w: number): RgbImage {
  if (a.height !== b.height || a.width !== b.width) {
    throw new RangeError(`Cannot mix ${formatSize(a.width, a.height)} with ${formatSize(b.width, b.height)}.`);
  }
  const out = createRgbImage(a.height, a.width);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (1 - w) * a.data[i] + w * b.data[i];
  return out;
}

/** Share of the guide in a level's start (level 0 finest, depth coarsest). */
export type CoherenceWeights = (level: number, depth: number) => number;

/**
 * What each level of a frame starts from: its own coarser level upsampled,
 * mixed with a guide, the previous frame's result at that level. Near the end
 * of a loop the guide turns towards frame 0's result (`closure`), because
 * frame 0 is the next frame there.
 */
export class TemporalGuide {
  private previous: (RgbImage | null)[];
  private current: (RgbImage | null)[];
  private first: (RgbImage | null)[] | null = null;
  private closure = 0;

  constructor(
    levels: number,
    private readonly weights: CoherenceWeights,
    private readonly closureWeights: CoherenceWeights = weights,
  ) {
    this.previous = new Array<RgbImage | null>(levels).fill(null);
    this.current = new Array<RgbImage | null>(levels).fill(null);
  }

  private get depth(): number {
    return this.previous.length - 1;
  }

  /** Call before each frame; `closure` in [0,1] is how far its guide turns towards frame 0. */
  beginFrame(closure: number): void {
    this.closure = this.first ? closure : 0;
  }

  private start(level: number, own: RgbImage): RgbImage | null {
    const prev = this.previous[level];
    if (!prev) return null;
    const w = this.weights(level, this.depth);
    const first = this.first?.[level];
    if (!first || this.closure === 0) return w > 0 ? mixImages(own, prev, w) : null;
    const wc = this.closureWeights(level, this.depth) * this.closure;
    // own·(1−a−b) + prev·a + first·b, with the previous frame's share giving way to frame 0's.
    const a = w * (1 - this.closure);
    const out = createRgbImage(own.height, own.width);
    for (let i = 0; i < out.data.length; i++)
      out.data[i] = (1 - a - wc) * own.data[i] + a * prev.data[i] + wc * first.data[i];
    return out;
  }

  /** The coarsest level's start: this frame's noisy start pulled towards the guide. */
  coarsestStart(level: number, noisy: RgbImage): RgbImage {
    return this.start(level, noisy) ?? noisy;
  }

  /** A finer level's start from this frame's coarser result; null = plain upsampling. */
  levelStart(level: number, coarser: RgbImage): RgbImage | null {
    const prev = this.previous[level];
    if (!prev) return null;
    const w = this.weights(level, this.depth);
    if (w === 0 && (this.closure === 0 || this.closureWeights(level, this.depth) === 0)) return null;
    return this.start(level, resizeLinear(coarser, prev.height, prev.width));
  }

  record(level: number, result: RgbImage): void {
    this.current[level] = result;
  }

  /** Call after each frame; `keepAsFirst` marks frame 0, the target of the closure. */
  endFrame(keepAsFirst: boolean): void {
    if (keepAsFirst) this.first = this.current;
    this.previous = this.current;
    this.current = new Array<RgbImage | null>(this.previous.length).fill(null);
  }
}
