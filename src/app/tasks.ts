import { isBlank } from '../engine/painting/maskLayers';
import type { GpnnTaskSpec } from '../engine/gpnn/gpnnTask';
import type { JobSpec } from '../features';
import type { StudioState } from './store';
import type { TaskId } from './taskIds';

/**
 * The page's tasks: what each button in the task panel is called, what it
 * says, and the job it sends. Several tasks send one job kind (every GPNN
 * task is a 'gpnn' job); what a kind needs, how it is checked and titled is
 * the job registry's (src/jobs/jobKinds.ts). The mapped type makes a task
 * without an entry a compile error; its form is in TaskPanel's TASK_FORMS.
 */
export type TaskEngine = 'GPNN' | 'SinGAN' | 'GIF → GIF' | 'Tools';

export interface TaskInfo {
  readonly engine: TaskEngine;
  readonly label: string;
  readonly blurb: string;
  readonly action: string;
  /** The job this task sends with the page's current settings; a pure function of the state (it runs on every render). */
  readonly build: (s: StudioState) => JobSpec;
}

const gpnnJob = (s: StudioState, task: GpnnTaskSpec): JobSpec => ({ kind: 'gpnn', params: s.gpnn, task });

const seedsFrom = (count: number, baseSeed: number) =>
  Array.from({ length: Number.isInteger(count) ? Math.max(0, count) : 0 }, (_, i) => baseSeed + i);

/** Retarget output size in pixels for the current working image. */
export function retargetSize(s: StudioState): { height: number; width: number } | null {
  if (!s.source) return null;
  return {
    height: Math.round(s.source.working.height * s.retarget.heightFactor),
    width: Math.round(s.source.working.width * s.retarget.widthFactor),
  };
}

function modelName(s: StudioState): string {
  const c = s.singan.config;
  const attention = c.attention === 'none' ? 'plain' : `attention ${c.attention}${c.feedForward ? ' + FF' : ''}`;
  return `${s.source?.name.replace(/\.[a-z0-9]+$/i, '') ?? 'image'} · ${s.singan.preset} · ${attention}`;
}

export const TASKS = {
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
    build: (s) => gpnnJob(s, { kind: 'analogy' }),
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
    build: (s) => gpnnJob(s, { kind: 'collage' }),
  },
  'gpnn-animate': {
    engine: 'GPNN',
    label: 'Animation',
    blurb:
      'GPNN: a smoothly drifting coarse noise; each frame starts from the last so patches do not flicker. Export as GIF.',
    action: 'Make animation',
    build: (s) => ({ kind: 'gpnn-animate', params: s.gpnn, animation: s.gpnnAnimation }),
  },
  'singan-train': {
    engine: 'SinGAN',
    label: 'Train',
    blurb: 'SinGAN: train a pyramid of small GANs on this image, in the browser; optional axial attention.',
    action: 'Train SinGAN',
    // The id was drawn when the previous training started: building a job must not draw one on every render.
    build: (s) => ({
      kind: 'singan-train',
      config: s.singan.config,
      modelId: s.singan.nextModelId,
      name: modelName(s),
    }),
  },
  'singan-sample': {
    engine: 'SinGAN',
    label: 'Random samples',
    blurb: 'SinGAN: new images from a trained model, at the training size or others.',
    action: 'Generate samples',
    build: (s) => {
      const { count, baseSeed, heightFactor, widthFactor } = s.singan.sample;
      return {
        kind: 'singan-sample',
        modelId: s.selectedModelId ?? '',
        seeds: seedsFrom(count, baseSeed),
        heightFactor,
        widthFactor,
      };
    },
  },
  'singan-superres': {
    engine: 'SinGAN',
    label: 'Super-resolution',
    blurb: 'SinGAN: enlarge ×2, ×4 or ×8 by its finest generator.',
    action: 'Super-resolve',
    build: (s) => ({ kind: 'singan-superres', modelId: s.selectedModelId ?? '', factor: s.singan.superres.factor }),
  },
  'singan-inject': {
    engine: 'SinGAN',
    label: 'Paint / harmonise',
    blurb:
      'SinGAN: inject your image (a painting, an edit, a paste-in) at a scale; the model redraws it in the learned style.',
    action: 'Inject',
    build: (s) => ({ kind: 'singan-inject', modelId: s.selectedModelId ?? '', slot: 'structure', ...s.singan.inject }),
  },
  'singan-animate': {
    engine: 'SinGAN',
    label: 'Animation',
    blurb: 'SinGAN: a random walk in noise space from the reconstruction. Export as GIF.',
    action: 'Make animation',
    build: (s) => {
      const { beta, startScale, ...animation } = s.singan.animate;
      return {
        kind: 'singan-animate',
        modelId: s.selectedModelId ?? '',
        animation: { ...animation, beta, startScale },
      };
    },
  },
  'gif2gif-train': {
    engine: 'GIF → GIF',
    label: 'Train on a GIF',
    blurb:
      'SinGAN with a ConvLSTM over time, trained on an animated GIF: new animations that keep the source’s motion.',
    action: 'Train GIF → GIF',
    build: (s) => ({
      kind: 'gif2gif-train',
      config: s.singan.config,
      sequence: s.gif2gif.sequence,
      modelId: s.singan.nextModelId,
      name: `${modelName(s).replace(/ · (plain|attention .*)$/, '')} · ${s.gif2gif.sequence.variant}`,
    }),
  },
  'gif2gif-generate': {
    engine: 'GIF → GIF',
    label: 'New animation',
    blurb: 'GIF → GIF: a new random sequence from a trained model, as long as you like, or reversed. Export as GIF.',
    action: 'Make animation',
    build: (s) => ({ kind: 'gif2gif-generate', modelId: s.selectedModelId ?? '', animation: s.gif2gif.generate }),
  },
  pyramid: {
    engine: 'Tools',
    label: 'Build pyramid',
    blurb: 'The Gaussian pyramid GPNN works on, level by level.',
    action: 'Build pyramid',
    build: (s) => ({ kind: 'pyramid', params: s.pyramid }),
  },
} as const satisfies Record<TaskId, TaskInfo>;

export const TASK_ENGINES: readonly TaskEngine[] = ['GPNN', 'SinGAN', 'GIF → GIF', 'Tools'];
