/**
 * GPNN's page half: the settings it keeps in the store, its tasks in the
 * task panel, and how a recipe's job shows in them. Pure (no DOM): the forms
 * are in forms.tsx.
 */
import { DEFAULT_GPNN, type GpnnParams } from '../../engine/gpnn/gpnnParams';
import {
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  analogyParams,
  COLLAGE_ALPHA,
  EDIT_ALPHA,
  type CollageBlend,
  RETARGET_ALPHA,
  type GpnnTaskSpec,
} from '../../engine/gpnn/gpnnTask';
import type { Rect } from '../../engine/gpnn/taskImages';
import { isBlank, type MaskLayers } from '../../engine/painting/maskLayers';
import { seedsFrom, type FeaturePage, type PageFacts, type RecipeView } from '../../jobs/kindInfo';
import type { LoopMode } from '../../protocol/jobs';
import type { GpnnAnimateJob, GpnnJob } from './jobs';

export interface GpnnSettings {
  readonly gpnn: GpnnParams;
  readonly sampling: { readonly count: number; readonly baseSeed: number };
  /** Retarget size as factors of the working image (height, width), and retargeting's own completeness. */
  readonly retarget: { readonly heightFactor: number; readonly widthFactor: number; readonly alpha: number };
  /** Painted masks over the source: keep/remove for retargeting, hole (+ rough colour) for inpainting. */
  readonly masks: { readonly retarget: MaskLayers | null; readonly inpaint: MaskLayers | null };
  /** The editing task's rough edit (a region and where it moves) and the scale GPNN starts from. */
  readonly edit: {
    readonly from: Rect | null;
    readonly to: { readonly y: number; readonly x: number } | null;
    readonly startLevel: number;
    /** Editing's own completeness (EDIT_ALPHA by default), not the shared GPNN alpha. */
    readonly alpha: number;
  };
  /** The collage's own completeness (COLLAGE_ALPHA by default), not the shared GPNN alpha, and where it is rebuilt from. */
  readonly collage: { readonly alpha: number; readonly blend: CollageBlend };
  /** The analogy's own completeness and coarsest side (ANALOGY_ALPHA, ANALOGY_COARSE_DIM by default). */
  readonly analogy: { readonly alpha: number; readonly coarseDim: number };
  readonly gpnnAnimation: {
    readonly frames: number;
    readonly fps: number;
    readonly loop: LoopMode;
    readonly seed: number;
    readonly coherence: 'temporal' | 'independent';
  };
}

type State = PageFacts & GpnnSettings;
type GpnnTaskId =
  'gpnn-sample' | 'gpnn-retarget' | 'gpnn-inpaint' | 'gpnn-analogy' | 'gpnn-edit' | 'gpnn-collage' | 'gpnn-animate';

const gpnnJob = (s: State, task: GpnnTaskSpec): GpnnJob => ({ kind: 'gpnn', params: s.gpnn, task });

/** Retarget output size in pixels for the current working image. */
export function retargetSize(s: Pick<State, 'source' | 'retarget'>): { height: number; width: number } | null {
  if (!s.source) return null;
  return {
    height: Math.round(s.source.working.height * s.retarget.heightFactor),
    width: Math.round(s.source.working.width * s.retarget.widthFactor),
  };
}

const TASK_OF: Readonly<Record<GpnnTaskSpec['kind'], GpnnTaskId>> = {
  sample: 'gpnn-sample',
  retarget: 'gpnn-retarget',
  analogy: 'gpnn-analogy',
  inpaint: 'gpnn-inpaint',
  collage: 'gpnn-collage',
  edit: 'gpnn-edit',
};

function showRecipe(job: GpnnJob | GpnnAnimateJob, current: GpnnSettings): RecipeView<GpnnSettings, GpnnTaskId> {
  if (job.kind === 'gpnn-animate')
    return { task: 'gpnn-animate', settings: { gpnn: job.params, gpnnAnimation: job.animation } };
  const t = job.task;
  return {
    task: TASK_OF[t.kind],
    settings: {
      gpnn: job.params,
      ...(t.kind === 'sample' ? { sampling: { count: t.seeds.length, baseSeed: t.seeds[0] } } : {}),
      // A recipe from before retargeting, editing and collages had their own alpha ran at the shared one.
      ...(t.kind === 'retarget' ? { retarget: { ...current.retarget, alpha: t.alpha ?? job.params.alpha } } : {}),
      ...(t.kind === 'edit' ? { edit: { ...current.edit, alpha: t.alpha ?? job.params.alpha } } : {}),
      ...(t.kind === 'collage' ? { collage: { alpha: t.alpha ?? job.params.alpha, blend: t.blend ?? 'whole' } } : {}),
      ...(t.kind === 'analogy' ? { analogy: ownAnalogySettings(analogyParams(t, job.params)) } : {}),
    },
  };
}

const DEFAULT_RETARGET = { heightFactor: 1, widthFactor: 1.5, alpha: RETARGET_ALPHA };
const DEFAULT_EDIT = { from: null, to: null, startLevel: 4, alpha: EDIT_ALPHA };
const DEFAULT_ANALOGY = { alpha: ANALOGY_ALPHA, coarseDim: ANALOGY_COARSE_DIM };
const ownAnalogySettings = ({ alpha, coarseDim }: GpnnParams): GpnnSettings['analogy'] => ({ alpha, coarseDim });

export const gpnnPage: FeaturePage<GpnnJob | GpnnAnimateJob, GpnnSettings, GpnnTaskId> = {
  settings: {
    gpnn: DEFAULT_GPNN,
    sampling: { count: 4, baseSeed: 1 },
    retarget: DEFAULT_RETARGET,
    masks: { retarget: null, inpaint: null },
    edit: DEFAULT_EDIT,
    collage: { alpha: COLLAGE_ALPHA, blend: 'whole' },
    analogy: DEFAULT_ANALOGY,
    gpnnAnimation: { frames: 12, fps: 8, loop: 'loop', seed: 1, coherence: 'temporal' },
  },
  showRecipe,
  sourceBound: ['masks', 'edit'],
  forNewSource: (current) => ({
    edit: { ...current.edit, from: null, to: null },
    masks: { retarget: null, inpaint: null },
  }),
  restoreOverSource: (saved, source) => {
    const shape = saved.masks?.retarget ?? saved.masks?.inpaint;
    const fits = !shape || (source.height === shape.height && source.width === shape.width);
    return fits
      ? { ...(saved.masks ? { masks: saved.masks } : {}), ...(saved.edit ? { edit: saved.edit } : {}) }
      : null;
  },
  tasks: {
    'gpnn-sample': {
      engine: 'GPNN',
      label: 'Random samples',
      blurb: 'GPNN: new images with the same patches, from noise at the coarsest scale. Reproducible by seed.',
      action: 'Generate samples',
      build: (s) => gpnnJob(s, { kind: 'sample', seeds: seedsFrom(s.sampling.count, s.sampling.baseSeed) }),
    },
    'gpnn-retarget': {
      engine: 'GPNN',
      label: 'Retarget',
      blurb: 'GPNN: the image at a new width and height, rebuilt from its own patches.',
      action: 'Retarget',
      build: (s) => {
        const mask = s.masks.retarget;
        const size = retargetSize(s) ?? { height: 0, width: 0 };
        return gpnnJob(s, {
          kind: 'retarget',
          ...size,
          labels: mask && !isBlank(mask) ? mask.labels : undefined,
          alpha: s.retarget.alpha,
        });
      },
    },
    'gpnn-inpaint': {
      engine: 'GPNN',
      label: 'Inpaint',
      blurb: 'GPNN: paint a hole (and a rough colour), fill it from the rest of the image.',
      action: 'Fill the hole',
      build: (s) => {
        const mask = s.masks.inpaint;
        return gpnnJob(s, { kind: 'inpaint', labels: mask?.labels ?? new Uint8Array(0), colour: mask?.colour });
      },
    },
    'gpnn-analogy': {
      engine: 'GPNN',
      label: 'Structural analogy',
      blurb: "GPNN: a second image's layout, rebuilt from the source's patches.",
      action: 'Make analogy',
      build: (s) => gpnnJob(s, { kind: 'analogy', alpha: s.analogy.alpha, coarseDim: s.analogy.coarseDim }),
      needsImage: { slot: 'structure', label: 'structure image' },
    },
    'gpnn-edit': {
      engine: 'GPNN',
      label: 'Edit / reshuffle',
      blurb: 'GPNN: move a region, then let the patches make the image coherent again.',
      action: 'Apply edit',
      build: (s) => {
        const { from, to, startLevel, alpha } = s.edit;
        return gpnnJob(s, {
          kind: 'edit',
          from: from ?? { y: 0, x: 0, height: 0, width: 0 },
          to: to ?? { y: from?.y ?? 0, x: from?.x ?? 0 },
          startLevel,
          alpha,
        });
      },
    },
    'gpnn-collage': {
      engine: 'GPNN',
      label: 'Collage',
      blurb: 'GPNN: several images side by side, seams rebuilt from all their patches.',
      action: 'Make collage',
      build: (s) => gpnnJob(s, { kind: 'collage', alpha: s.collage.alpha, blend: s.collage.blend }),
      needsImage: { slot: 'collage1', label: 'second collage image' },
    },
    'gpnn-animate': {
      engine: 'GPNN',
      label: 'Animation',
      blurb:
        'GPNN: a smoothly drifting coarse noise; each frame starts from the last so patches do not flicker. Export as GIF.',
      action: 'Make animation',
      build: (s) => ({ kind: 'gpnn-animate', params: s.gpnn, animation: s.gpnnAnimation }),
    },
  },
};
