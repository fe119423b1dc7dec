/**
 * bench:gpnn-quality's inpaint suite (scripts/benchGpnnQuality.ts): the still
 * inpainting of the video benchmark's hole (benchHole: the middle 16% of the
 * width, 26% of the height, over real content, so what was there is known),
 * scored as the video inpainting is (scoreFill) on one frame, plus the
 * largest change off the hole, which the put-back keeps at 0
 * (docs/algorithms.md, "Inpainting").
 */
import type { GpnnBackend } from '../src/engine/gpnn/gpnnBackend';
import type { GpnnParams } from '../src/engine/gpnn/gpnnParams';
import { MASK_REMOVE } from '../src/engine/gpnn/gpnnTask';
import { runGpnnTask } from '../src/engine/gpnn/runGpnnTask';
import type { RgbImage } from '../src/engine/image/rgbImage';
import { benchHole, benchHoleBox, holeDistance, scoreFill } from './benchVideoInpaint';
import { cropRect, enlarge, row, stack, tint } from './lib/imageGrid';

/** A line of records.jsonl in the inpaint suite. */
export interface InpaintRecord {
  readonly image: string;
  readonly width: number;
  readonly height: number;
  /** In the hole: mean |Δ| per value to what was there. */
  readonly toTruth: number;
  /** Farther than a patch from the hole: the mean and the largest |Δ| per value to the source. */
  readonly outside: number;
  readonly outsideMax: number;
  readonly sifid: number;
  readonly ms: number;
}

/**
 * One image filled, its scores, and two PNGs handed to `save`: the fill, and
 * a sheet (the hole tinted red | the fill, and under them the hole with two
 * patches around it at 2×).
 */
export async function inpaintOne(
  backend: GpnnBackend<RgbImage>,
  params: GpnnParams,
  name: string,
  src: RgbImage,
  sifid: (img: RgbImage) => Promise<number>,
  save: (file: string, img: RgbImage) => void,
): Promise<InpaintRecord> {
  const { height: H, width: W } = src;
  const labels = benchHole(H, W);
  const t0 = performance.now();
  const [out] = await runGpnnTask(backend, { source: src }, { kind: 'inpaint', labels }, params);
  const ms = Math.round(performance.now() - t0);
  const band = params.patchSize - 1;
  const { toTruth, outside } = scoreFill([out], [src], labels, band);
  const dist = holeDistance(labels, H, W, band + 1);
  let outsideMax = 0;
  for (let i = 0; i < out.data.length; i++)
    if (dist[Math.floor(i / 3)] > band) outsideMax = Math.max(outsideMax, Math.abs(out.data[i] - src.data[i]));
  save(`${name}-inpaint.png`, out);
  const { y0, y1, x0, x1 } = benchHoleBox(H, W);
  const m = 2 * params.patchSize;
  const [cy, cx] = [Math.max(0, y0 - m), Math.max(0, x0 - m)];
  const [ch, cw] = [Math.min(H, y1 + m) - cy, Math.min(W, x1 + m) - cx];
  const shown = tint(src, (p) => labels[p] === MASK_REMOVE, [1, 0, 0]);
  const near = (img: RgbImage) => enlarge(cropRect(img, cy, cx, ch, cw), 2);
  save(`${name}-inpaint-grid.png`, stack([row([shown, out]), row([near(shown), near(out)])]));
  return { image: name, width: W, height: H, toTruth, outside, outsideMax, sifid: await sifid(out), ms };
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const median = (v: readonly number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The suite's table: one row per image, then mean, median and worst over them. */
export function inpaintTable(filled: readonly InpaintRecord[]): string[] {
  const of = (f: (r: InpaintRecord) => number) => filled.map(f);
  const summary = (f: (r: InpaintRecord) => number, digits: number) =>
    `mean ${mean(of(f)).toFixed(digits)}, median ${median(of(f)).toFixed(digits)}, worst ${Math.max(...of(f)).toFixed(digits)}`;
  return [
    '| image | size | hole → what was there | mean change off the hole | largest change off the hole | SIFID to the source | s |',
    '|---|---|---|---|---|---|---|',
    ...filled.map(
      (r) =>
        `| ${r.image} | ${r.width}×${r.height} | ${r.toTruth.toFixed(3)} | ${r.outside.toFixed(4)} | ${r.outsideMax.toFixed(3)} | ${r.sifid.toFixed(3)} | ${(r.ms / 1000).toFixed(1)} |`,
    ),
    '',
    `${filled.length} images: hole → what was there ${summary((r) => r.toTruth, 3)}; change off the hole ${summary((r) => r.outside, 4)}, largest ${Math.max(...of((r) => r.outsideMax)).toFixed(3)}; SIFID ${summary((r) => r.sifid, 3)}; ${(mean(of((r) => r.ms)) / 1000).toFixed(1)} s a fill.`,
  ];
}
