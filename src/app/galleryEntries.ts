import { createMaskLayers, paintSegment, type MaskLayers } from '../engine/painting/maskLayers';
import type { Rect } from '../engine/gpnn/taskImages';
import type { CollageBlend } from '../engine/gpnn/gpnnTask';
import type { ImageSlot } from '../protocol/images';

/**
 * The Gallery's examples as data (docs/architecture.md, "Gallery"): every
 * GPNN application on the studio's own example images, with its presets as
 * fractions of the picture so that they land on the same things at every
 * working size. Pure, so the page's Gallery (gallery.ts) and the figure
 * sheets (`npm run bench -- --suite gpnn-figures`) set up the same runs.
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
  | {
      readonly task: 'gpnn-retarget';
      readonly heightFactor: number;
      readonly widthFactor: number;
      /** A keep region painted over an object, which must come out whole and once. */
      readonly keep?: FracStroke;
    }
  | { readonly task: 'gpnn-inpaint'; readonly hole: FracStroke }
  | { readonly task: 'gpnn-analogy' }
  | {
      readonly task: 'gpnn-edit';
      readonly from: FracRect;
      readonly to: { readonly y: number; readonly x: number };
      readonly startLevel: number;
    }
  | {
      readonly task: 'gpnn-collage';
      /** Where the collage is rebuilt from (CollageBlend). */
      readonly blend: CollageBlend;
    }
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
    id: 'retarget-keep',
    title: 'Retarget, keeping an object',
    does: 'The coast at 0.7× its width with the lighthouse painted as keep: it comes out whole and once while the rest is summarised.',
    takes: 'Takes: one image, a new size and a painted keep region.',
    images: { source: 'coast' },
    settings: {
      task: 'gpnn-retarget',
      heightFactor: 1,
      widthFactor: 0.7,
      keep: { from: { y: 0.16, x: 0.121 }, to: { y: 0.3, x: 0.121 }, radius: 0.06 },
    },
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
    // The other way round the output keeps the content's own layout (the page says so).
    does: 'The valley’s layout (sky, a dark band, the ground) rebuilt from the coast’s patches.',
    takes: 'Takes: the source for its patches and a second image as structure.',
    images: { source: 'coast', structure: 'valley' },
    settings: { task: 'gpnn-analogy' },
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
    // The two pictures have nothing in common to blend at the coarse scales: rebuilt whole, a haze forms along the
    // seam and the lighthouse beside it is rebuilt on the beach (docs/algorithms.md, "Collage").
    settings: { task: 'gpnn-collage', blend: 'seam' },
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

/** A preset's stroke as a mask over a picture of this size: label 1 keeps (retargeting), 2 is a hole (inpainting). */
export function strokeMask(stroke: FracStroke, height: number, width: number, label: 1 | 2): MaskLayers {
  const m = createMaskLayers(height, width);
  const at = (p: { y: number; x: number }) => ({ y: p.y * height, x: p.x * width });
  paintSegment(m, at(stroke.from), at(stroke.to), Math.max(1, stroke.radius * height), { kind: 'label', label });
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
