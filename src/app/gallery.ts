import { create } from 'zustand';
import { EDIT_ALPHA, RETARGET_ALPHA } from '../engine/gpnn/gpnnTask';
import { pyramidDepth } from '../engine/pyramid/pyramidShape';
import type { GpnnParams } from '../engine/gpnn/gpnnParams';
import { createMaskLayers, paintSegment, type MaskLayers } from '../engine/painting/maskLayers';
import type { Rect } from '../engine/gpnn/taskImages';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import { activeRun, initialState, notify, useStudio, type StudioState } from './store';
import { openImage, removeImage, startJob } from './studio';
import type { TaskId } from '../features';

/**
 * The Gallery: every GPNN application on the studio's own example images,
 * each set up so one click loads its images, sets its task and parameters and
 * runs the engine. The presets are fractions of the picture so that they land
 * on the same things at every working size.
 */

export type ExampleId = 'valley' | 'coast';

/** The shipped examples (drawn by scripts/make-example-image.ts), with their size as drawn, which the thumbnails' overlays are placed by. */
export const EXAMPLES: Readonly<
  Record<
    ExampleId,
    {
      readonly file: string;
      readonly name: string;
      readonly alt: string;
      readonly height: number;
      readonly width: number;
    }
  >
> = {
  // The same name the first visit gives the valley, so a gallery run and the first screen's image read alike.
  valley: {
    file: 'valley.png',
    name: 'valley.png (example)',
    alt: 'The valley example: mountains, a meadow, a river and trees',
    height: 192,
    width: 256,
  },
  coast: {
    file: 'coast.png',
    name: 'coast.png (example)',
    alt: 'The coast example: a dusk sea, a headland with a lighthouse, sea stacks and a beach',
    height: 192,
    width: 256,
  },
};

export const exampleUrl = (id: ExampleId): string => `${import.meta.env.BASE_URL}examples/${EXAMPLES[id].file}`;

/** A rectangle as fractions of the picture's height (y, height) and width (x, width). */
export interface FracRect {
  readonly y: number;
  readonly x: number;
  readonly height: number;
  readonly width: number;
}

/** A brush stroke as fractions of the picture; its radius is a fraction of the height. */
export interface FracStroke {
  readonly from: { readonly y: number; readonly x: number };
  readonly to: { readonly y: number; readonly x: number };
  readonly radius: number;
}

type Settings =
  | { readonly task: 'gpnn-sample'; readonly count: number; readonly baseSeed: number }
  | { readonly task: 'gpnn-retarget'; readonly heightFactor: number; readonly widthFactor: number }
  | { readonly task: 'gpnn-inpaint'; readonly hole: FracStroke }
  | { readonly task: 'gpnn-analogy' }
  | {
      readonly task: 'gpnn-edit';
      readonly from: FracRect;
      readonly to: { readonly y: number; readonly x: number };
      readonly startLevel: number;
    }
  | { readonly task: 'gpnn-collage' }
  | { readonly task: 'gpnn-animate'; readonly frames: number };

export interface GalleryEntry {
  readonly id: string;
  readonly title: string;
  /** One sentence: what the task does. */
  readonly does: string;
  /** What the task takes as input. */
  readonly takes: string;
  /** The example in each slot the task reads; every other extra slot is emptied so no earlier image joins in. */
  readonly images: Readonly<Partial<Record<ImageSlot, ExampleId>>> & { readonly source: ExampleId };
  readonly settings: Settings;
  /** GPNN parameters the example needs beside the user's own (shown in the task panel afterwards, like any setting). */
  readonly gpnn?: Partial<GpnnParams>;
}

export const GALLERY: readonly GalleryEntry[] = [
  {
    id: 'samples',
    title: 'Random samples',
    does: 'New images made of the valley’s own patches, in a new arrangement from noise at the coarsest scale.',
    takes: 'Takes: one image.',
    images: { source: 'valley' },
    settings: { task: 'gpnn-sample', count: 4, baseSeed: 1 },
  },
  {
    id: 'retarget-wider',
    title: 'Retarget wider',
    does: 'The valley at 1.5× its width, with its ridges and trees rebuilt at their own size instead of stretched.',
    takes: 'Takes: one image and a new size.',
    images: { source: 'valley' },
    settings: { task: 'gpnn-retarget', heightFactor: 1, widthFactor: 1.5 },
  },
  {
    id: 'retarget-narrower',
    title: 'Retarget narrower',
    does: 'The coast at 0.7× its width: the scene is summarised into fewer patches, not squeezed.',
    takes: 'Takes: one image and a new size.',
    images: { source: 'coast' },
    settings: { task: 'gpnn-retarget', heightFactor: 1, widthFactor: 0.7 },
  },
  {
    id: 'inpaint',
    title: 'Inpaint',
    does: 'The lighthouse is painted over as a hole, which is filled from the rest of the picture alone.',
    takes: 'Takes: one image and a painted hole.',
    images: { source: 'coast' },
    settings: { task: 'gpnn-inpaint', hole: { from: { y: 0.16, x: 0.121 }, to: { y: 0.3, x: 0.121 }, radius: 0.045 } },
  },
  {
    id: 'analogy',
    title: 'Structural analogy',
    // The other way round, or at the default coarsest side of 14 px, the output keeps the content's own layout (the page says so): a coarse start of 28 px lets the structure lead.
    does: 'The valley’s layout (sky, a dark band, the ground) rebuilt from the coast’s patches, starting from a 28 px coarsest scale.',
    takes: 'Takes: the source for its patches and a second image as structure.',
    images: { source: 'coast', structure: 'valley' },
    settings: { task: 'gpnn-analogy' },
    gpnn: { coarseDim: 28 },
  },
  {
    id: 'edit',
    title: 'Edit / reshuffle',
    does: 'A sea stack is copied further out to sea, and the patches blend the rough paste into the picture.',
    takes: 'Takes: one image, a region and where it goes.',
    images: { source: 'coast' },
    settings: {
      task: 'gpnn-edit',
      from: { y: 0.583, x: 0.734, height: 0.115, width: 0.102 },
      to: { y: 0.583, x: 0.86 },
      startLevel: 2,
    },
  },
  {
    id: 'collage',
    title: 'Collage',
    does: 'The valley and the coast side by side, the seam between them rebuilt from both pictures’ patches.',
    takes: 'Takes: the source and a second image as collage image.',
    images: { source: 'valley', collage1: 'coast' },
    settings: { task: 'gpnn-collage' },
  },
  {
    id: 'animation',
    title: 'Animation',
    does: 'A slowly drifting sample of the valley, each frame starting from the last so patches do not flicker.',
    takes: 'Takes: one image; plays and exports as a GIF.',
    images: { source: 'valley' },
    settings: { task: 'gpnn-animate', frames: 8 },
  },
];

/** A fraction of a side in whole pixels, kept inside [0, side - size]. */
const px = (f: number, side: number, size = 0) => Math.max(0, Math.min(side - size, Math.round(f * side)));

/** The hole of an inpainting preset as a mask over a picture of this size. */
export function holeMask(hole: FracStroke, height: number, width: number): MaskLayers {
  const m = createMaskLayers(height, width);
  const at = (p: { y: number; x: number }) => ({ y: p.y * height, x: p.x * width });
  paintSegment(m, at(hole.from), at(hole.to), Math.max(1, hole.radius * height), { kind: 'label', label: 2 });
  return m;
}

/** An edit preset's region and destination in pixels of a picture of this size. */
export function editRegion(
  from: FracRect,
  to: { y: number; x: number },
  height: number,
  width: number,
): { from: Rect; to: { y: number; x: number } } {
  const h = Math.max(1, Math.round(from.height * height));
  const w = Math.max(1, Math.round(from.width * width));
  return {
    from: { y: px(from.y, height, h), x: px(from.x, width, w), height: h, width: w },
    to: { y: px(to.y, height, h), x: px(to.x, width, w) },
  };
}

/** The task and its own settings, with masks and regions in the loaded source's pixels. */
function taskSettings(entry: GalleryEntry, s: StudioState): Partial<StudioState> {
  const { height, width } = s.source?.working ?? { height: 0, width: 0 };
  const task: TaskId = entry.settings.task;
  const set = entry.settings;
  switch (set.task) {
    case 'gpnn-sample':
      return { task, sampling: { count: set.count, baseSeed: set.baseSeed } };
    case 'gpnn-retarget':
      // A keep/remove mask painted on the user's own image would mean nothing here.
      return {
        task,
        retarget: { heightFactor: set.heightFactor, widthFactor: set.widthFactor, alpha: RETARGET_ALPHA },
        masks: { ...s.masks, retarget: null },
      };
    case 'gpnn-inpaint':
      return { task, masks: { ...s.masks, inpaint: holeMask(set.hole, height, width) } };
    case 'gpnn-edit':
      // A small working size or a large coarsest scale has fewer scales than the preset's start.
      return {
        task,
        edit: {
          ...editRegion(set.from, set.to, height, width),
          startLevel: Math.min(set.startLevel, pyramidDepth(height, width, { ...s.gpnn, ...entry.gpnn })),
          alpha: EDIT_ALPHA,
        },
      };
    case 'gpnn-animate':
      return { task, gpnnAnimation: { ...initialState.gpnnAnimation, frames: set.frames } };
    case 'gpnn-analogy':
    case 'gpnn-collage':
      return { task };
  }
}

/**
 * What an entry changes in the studio once its images are loaded. The GPNN
 * parameters (search, iterations) stay the user's but for the few an
 * example names. Pure, so the unit test builds every entry's job from it.
 */
export function entryState(entry: GalleryEntry, s: StudioState): Partial<StudioState> {
  return { ...taskSettings(entry, s), ...(entry.gpnn ? { gpnn: { ...s.gpnn, ...entry.gpnn } } : {}) };
}

/** The extra slots an entry leaves empty, so a collage is of exactly its images and an old structure cannot linger. */
export function slotsToEmpty(entry: GalleryEntry): Exclude<ImageSlot, 'source'>[] {
  return (['structure', ...COLLAGE_SLOTS] as const).filter((slot) => !entry.images[slot]);
}

/** Whether the gallery is open, and the entry being set up (its images are loading). */
export const useGallery = create<{ readonly open: boolean; readonly starting: string | null }>()(() => ({
  open: false,
  starting: null,
}));

export const openGallery = () => useGallery.setState({ open: true });
export const closeGallery = () => useGallery.setState({ open: false });

const blobs = new Map<ExampleId, Promise<Blob>>();
function exampleBlob(id: ExampleId): Promise<Blob> {
  let b = blobs.get(id);
  if (!b) {
    b = fetch(exampleUrl(id)).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))));
    // A failed fetch (offline before the first visit finished caching) may work next time.
    b.catch(() => blobs.delete(id));
    blobs.set(id, b);
  }
  return b;
}

/** Resolves once no image is decoding: an answer for each load, loaded or refused, has come. */
const loadsSettled = () =>
  new Promise<void>((resolve) => {
    if (useStudio.getState().pending.length === 0) return resolve();
    const stop = useStudio.subscribe((s) => {
      if (s.pending.length === 0) {
        stop();
        resolve();
      }
    });
  });

/** Loads the entry's examples into their slots, sets the task up and starts it; the result streams into the output like any run. */
export async function runGalleryEntry(entry: GalleryEntry): Promise<void> {
  if (useGallery.getState().starting || activeRun(useStudio.getState())) return;
  useGallery.setState({ starting: entry.id, open: false });
  try {
    const slots = Object.entries(entry.images) as [ImageSlot, ExampleId][];
    const loaded = await Promise.all(slots.map(async ([slot, id]) => ({ slot, id, blob: await exampleBlob(id) })));
    for (const slot of slotsToEmpty(entry))
      if (useStudio.getState().extras[slot] || useStudio.getState().pending.some((p) => p.slot === slot))
        removeImage(slot);
    for (const { slot, id, blob } of loaded) openImage(blob, EXAMPLES[id].name, slot);
    await loadsSettled();
    const s = useStudio.getState();
    const images: Partial<Record<ImageSlot, { blob: Blob } | null>> = { source: s.source, ...s.extras };
    // A refused load has already said why; running on whatever the slot held before would show the wrong thing.
    if (!loaded.every(({ slot, blob }) => images[slot]?.blob === blob)) return;
    useStudio.setState(entryState(entry, s));
    startJob();
  } catch (err) {
    notify('error', `The gallery’s example could not be loaded (${String(err)}).`);
  } finally {
    useGallery.setState({ starting: null });
  }
}
