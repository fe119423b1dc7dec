import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { jobProblem } from '../jobs/jobKinds';
import { labelCounts } from '../engine/painting/maskLayers';
import { ANALOGY_ALPHA, ANALOGY_COARSE_DIM, COLLAGE_ALPHA, EDIT_ALPHA } from '../engine/gpnn/gpnnTask';
import type { ImageSlot } from '../protocol/images';
import {
  EXAMPLES,
  GALLERY,
  editRegion,
  entryState,
  strokeMask,
  slotsToEmpty,
  type ExampleId,
  type GalleryEntry,
} from './gallery';
import { initialState, type SourceImage, type StudioState } from './store';
import { jobFacts } from './studio';
import { TASK_IDS, TASKS } from '../features';

/** The shipped example as the worker would give it at a working size (longer side at most `side`). */
function loaded(id: ExampleId, side: number): SourceImage {
  const png = PNG.sync.read(readFileSync(new URL(`../../public/examples/${EXAMPLES[id].file}`, import.meta.url)));
  const k = Math.min(1, side / Math.max(png.height, png.width));
  const [height, width] = [Math.round(png.height * k), Math.round(png.width * k)];
  return {
    name: EXAMPLES[id].name,
    blob: new Blob(),
    original: { height: png.height, width: png.width },
    working: { height, width, rgba: new Uint8ClampedArray(height * width * 4) },
    downscaled: k < 1,
  };
}

/** The studio after the entry's images have loaded over a session that had other images and masks. */
function afterLoad(entry: GalleryEntry, side: number): StudioState {
  const extras: StudioState['extras'] = {};
  for (const [slot, id] of Object.entries(entry.images) as [ImageSlot, ExampleId][])
    if (slot !== 'source') extras[slot] = loaded(id, side);
  const s: StudioState = { ...initialState, workingMaxSide: side, source: loaded(entry.images.source, side), extras };
  return { ...s, ...entryState(entry, s) };
}

describe('the gallery', () => {
  it('shows every GPNN application, retargeting both wider and narrower', () => {
    const gpnnTasks = TASK_IDS.filter((id) => TASKS[id].engine === 'GPNN');
    expect(new Set(GALLERY.map((e) => e.settings.task))).toEqual(new Set(gpnnTasks));
    const widths = GALLERY.flatMap((e) => (e.settings.task === 'gpnn-retarget' ? [e.settings.widthFactor] : []));
    expect(widths.some((w) => w > 1) && widths.some((w) => w < 1)).toBe(true);
    expect(new Set(GALLERY.map((e) => e.id)).size).toBe(GALLERY.length);
  });

  it('knows each example’s size as drawn', () => {
    for (const id of Object.keys(EXAMPLES) as ExampleId[])
      expect(loaded(id, 4096).original).toEqual({ height: EXAMPLES[id].height, width: EXAMPLES[id].width });
  });

  for (const side of [128, 256, 512]) {
    it(`builds a job the registry accepts for every entry at working size ${side}`, () => {
      for (const entry of GALLERY) {
        const s = afterLoad(entry, side);
        expect(s.task, entry.id).toBe(entry.settings.task);
        const job = TASKS[s.task].build(s);
        expect(jobProblem(job, jobFacts(s)), entry.id).toBeNull();
      }
    });
  }

  it('sets each task’s own parameters, not the defaults left from before', () => {
    const s0: StudioState = {
      ...initialState,
      retarget: { heightFactor: 2, widthFactor: 2, alpha: 0.01 },
      sampling: { count: 9, baseSeed: 40 },
    };
    for (const entry of GALLERY) {
      const s = { ...s0, source: loaded(entry.images.source, 256) };
      const next = { ...s, ...entryState(entry, s) };
      const job = TASKS[next.task].build(next);
      if (entry.settings.task === 'gpnn-retarget') {
        expect(job.kind === 'gpnn' && job.task.kind === 'retarget' && [job.task.height, job.task.width]).toEqual([
          192,
          Math.round(256 * entry.settings.widthFactor),
        ]);
      }
      if (entry.settings.task === 'gpnn-sample')
        expect(job.kind === 'gpnn' && job.task.kind === 'sample' && job.task.seeds).toEqual([1, 2, 3, 4]);
    }
  });

  it('keeps the user’s GPNN settings; the edit and the analogy run at their own alpha and coarsest side, the collage at its own blend', () => {
    const mine = { ...initialState.gpnn, iterations: 3, nn: 'exact' as const, alpha: 0.01 };
    for (const entry of GALLERY) {
      const s: StudioState = {
        ...initialState,
        gpnn: mine,
        analogy: { alpha: 0.005, coarseDim: 14 },
        collage: { alpha: 0.005, blend: 'whole' },
        source: loaded(entry.images.source, 256),
      };
      const next = { ...s, ...entryState(entry, s) };
      expect(next.gpnn, entry.id).toEqual(mine);
      const job = TASKS[entry.settings.task].build(next);
      if (entry.settings.task === 'gpnn-edit')
        expect(job.kind === 'gpnn' && job.task.kind === 'edit' && job.task.alpha).toBe(EDIT_ALPHA);
      if (entry.settings.task === 'gpnn-collage')
        expect(job.kind === 'gpnn' && job.task).toEqual({ kind: 'collage', alpha: COLLAGE_ALPHA, blend: 'seam' });
      if (entry.settings.task === 'gpnn-analogy')
        expect(job.kind === 'gpnn' && job.task).toEqual({
          kind: 'analogy',
          alpha: ANALOGY_ALPHA,
          coarseDim: ANALOGY_COARSE_DIM,
        });
    }
  });

  it('paints the inpainting hole over the lighthouse and leaves most of the picture to fill it from', () => {
    const entry = GALLERY.find((e) => e.settings.task === 'gpnn-inpaint')!;
    expect(entry.images.source).toBe('coast');
    if (entry.settings.task !== 'gpnn-inpaint') throw new Error('not inpainting');
    for (const [h, w] of [
      [192, 256],
      [96, 128],
    ]) {
      const m = strokeMask(entry.settings.hole, h, w, 2);
      // The lighthouse spans x 27–35, y 29–59 of the 256×192 drawing (the lamp on top included).
      const k = h / 192;
      for (const [y, x] of [
        [31, 31],
        [45, 28],
        [58, 34],
      ])
        expect(m.labels[Math.floor(y * k) * w + Math.floor(x * k)], `${y},${x} at ${w}`).toBe(2);
      const { remove } = labelCounts(m);
      expect(remove / (h * w)).toBeGreaterThan(0.005);
      expect(remove / (h * w)).toBeLessThan(0.05);
    }
  });

  it('paints the keep region of the keep-mask retarget over the lighthouse, and the job carries it', () => {
    const entry = GALLERY.find((e) => e.id === 'retarget-keep')!;
    if (entry.settings.task !== 'gpnn-retarget' || !entry.settings.keep) throw new Error('no keep preset');
    const s = afterLoad(entry, 128);
    const next = { ...s, ...entryState(entry, s) };
    const m = next.masks.retarget!;
    const [h, w] = [m.height, m.width];
    const k = h / 192;
    for (const [y, x] of [
      [31, 31],
      [45, 28],
      [58, 34],
    ])
      expect(m.labels[Math.floor(y * k) * w + Math.floor(x * k)], `${y},${x}`).toBe(1);
    expect(labelCounts(m).keep / (h * w)).toBeLessThan(0.08);
    const job = TASKS['gpnn-retarget'].build(next);
    expect(job.kind === 'gpnn' && job.task.kind === 'retarget' && job.task.labels?.includes(1)).toBe(true);
    // The plain retarget entries clear a mask left from before.
    const plain = GALLERY.find((e) => e.id === 'retarget-narrower')!;
    expect({ ...next, ...entryState(plain, next) }.masks.retarget).toBeNull();
  });

  it('keeps the edit’s region and its destination inside the picture at any size', () => {
    const entry = GALLERY.find((e) => e.settings.task === 'gpnn-edit')!;
    if (entry.settings.task !== 'gpnn-edit') throw new Error('not an edit');
    for (const [h, w] of [
      [192, 256],
      [96, 128],
      [33, 44],
    ]) {
      const { from, to } = editRegion(entry.settings.from, entry.settings.to, h, w);
      expect(from.height).toBeGreaterThanOrEqual(1);
      expect(from.y + from.height).toBeLessThanOrEqual(h);
      expect(from.x + from.width).toBeLessThanOrEqual(w);
      expect(to.y + from.height).toBeLessThanOrEqual(h);
      expect(to.x + from.width).toBeLessThanOrEqual(w);
      expect(to).not.toEqual({ y: from.y, x: from.x });
    }
  });

  it('empties the extra slots an entry does not use, so a collage is of its two images only', () => {
    const collage = GALLERY.find((e) => e.settings.task === 'gpnn-collage')!;
    expect(collage.images.collage1).toBeDefined();
    expect(slotsToEmpty(collage)).toEqual(['structure', 'collage2', 'collage3']);
    const analogy = GALLERY.find((e) => e.settings.task === 'gpnn-analogy')!;
    expect(analogy.images.structure).not.toBe(analogy.images.source);
    expect(slotsToEmpty(analogy)).toEqual(['collage1', 'collage2', 'collage3']);
  });
});
