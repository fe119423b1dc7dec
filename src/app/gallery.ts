import { create } from 'zustand';
import {
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  COLLAGE_ALPHA,
  EDIT_ALPHA,
  MASK_KEEP,
  MASK_REMOVE,
  RETARGET_ALPHA,
} from '../engine/gpnn/gpnnTask';
import { pyramidDepth } from '../engine/pyramid/pyramidShape';
import { COLLAGE_SLOTS, type ImageSlot } from '../protocol/images';
import { EXAMPLES, editRegion, strokeMask, type ExampleId, type GalleryEntry } from './galleryEntries';
import { activeRun, initialState, notify, useStudio, type StudioState } from './store';
import { openImage, removeImage, startJob } from './studio';
import type { TaskId } from '../features';

/**
 * The Gallery: every GPNN application on the studio's own example images
 * (galleryEntries.ts), each set up so one click loads its images, sets its
 * task and parameters and runs the engine.
 */
export * from './galleryEntries';

export const exampleUrl = (id: ExampleId): string => `${import.meta.env.BASE_URL}examples/${EXAMPLES[id].file}`;

/**
 * What an entry changes in the studio once its images are loaded: its task and
 * that task's own settings, masks and regions in the loaded source's pixels.
 * The GPNN parameters (search, iterations, pyramid) stay the user's. Pure, so
 * the unit test builds every entry's job from it.
 */
export function entryState(entry: GalleryEntry, s: StudioState): Partial<StudioState> {
  const { height, width } = s.source?.working ?? { height: 0, width: 0 };
  const task: TaskId = entry.settings.task;
  const set = entry.settings;
  switch (set.task) {
    case 'gpnn-sample':
      return { task, sampling: { count: set.count, baseSeed: set.baseSeed } };
    case 'gpnn-retarget':
      // A keep/remove mask painted on the user's own image would mean nothing here: the preset's, or none.
      return {
        task,
        retarget: { heightFactor: set.heightFactor, widthFactor: set.widthFactor, alpha: RETARGET_ALPHA },
        masks: { ...s.masks, retarget: set.keep ? strokeMask(set.keep, height, width, MASK_KEEP) : null },
      };
    case 'gpnn-inpaint':
      return { task, masks: { ...s.masks, inpaint: strokeMask(set.hole, height, width, MASK_REMOVE) } };
    case 'gpnn-edit':
      // A small working size or a large coarsest scale has fewer scales than the preset's start.
      return {
        task,
        edit: {
          ...editRegion(set.from, set.to, height, width),
          startLevel: Math.min(set.startLevel, pyramidDepth(height, width, s.gpnn)),
          alpha: EDIT_ALPHA,
        },
      };
    case 'gpnn-animate':
      return { task, gpnnAnimation: { ...initialState.gpnnAnimation, frames: set.frames } };
    case 'gpnn-collage':
      return { task, collage: { alpha: COLLAGE_ALPHA, blend: set.blend } };
    case 'gpnn-analogy':
      return { task, analogy: { alpha: ANALOGY_ALPHA, coarseDim: ANALOGY_COARSE_DIM } };
  }
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
