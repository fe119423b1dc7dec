/**
 * VGPNN's page half: its settings, its task (GIF → GIF's "Patches" engine)
 * and how a recipe's job shows in them. Pure: the form is in page/.
 */
import { seedsFrom, type FeaturePage, type PageFacts, type RecipeView } from '../../jobs/kindInfo';
import { DEFAULT_VGPNN } from '../../engine/vgpnn/vgpnnParams';
import type { Voting } from '../../engine/patches/voting';
import type { LoopMode } from '../../protocol/jobs';
import type { GpnnSettings } from '../gpnn';
import type { VgpnnGenerateJob, VgpnnInpaintJob, VgpnnJob } from './jobs';
import { VGPNN_MAX_SIDE, VGPNN_NO_COMPLETENESS } from './vgpnnLimits';

export interface VgpnnSettings {
  /** Samples (seeds seed, seed + 1, …). */
  readonly samples: number;
  readonly seed: number;
  /** Frames per sample; 0: as many as the source has. */
  readonly frames: number;
  /** The output's height and width over the source's. */
  readonly height: number;
  readonly width: number;
  readonly maxSide: number;
  readonly sigma: number;
  readonly voting: Voting;
  /** Completeness on (at `alpha`) or off (the plain nearest neighbour, the official generation's). */
  readonly completeness: boolean;
  readonly alpha: number;
  readonly fps: number;
  readonly loop: LoopMode;
  /** Made to loop without a jump from the last frame to the first (plays as a loop). */
  readonly seamless: boolean;
}

export interface VgpnnSlice {
  readonly vgpnn: VgpnnSettings;
}

type VgpnnTaskId = VgpnnJob['kind'];
/** The still inpainting's painted hole (GPNN's masks), which the video's inpainting paints and reads too. */
type PaintedHole = Pick<GpnnSettings, 'masks'>;
type State = PageFacts & VgpnnSlice & PaintedHole;

export const DEFAULT_VGPNN_SETTINGS: VgpnnSettings = {
  samples: 3,
  seed: 1,
  frames: 0,
  height: 1,
  width: 1,
  // The input's own size up to the page's default working side: a 13-frame 256×144 sample takes 1–2 CPU minutes.
  maxSide: VGPNN_MAX_SIDE.max,
  sigma: DEFAULT_VGPNN.sigma,
  voting: DEFAULT_VGPNN.voting,
  completeness: false,
  alpha: 1,
  fps: 10,
  loop: 'loop',
  seamless: false,
};

/** The source's frame count as the page knows it (1 for a still or no source). */
const sourceFrames = (s: PageFacts) => s.source?.animation?.frames.length ?? 1;

function build(s: State): VgpnnGenerateJob {
  const v = s.vgpnn;
  return {
    kind: 'vgpnn-generate',
    seeds: seedsFrom(v.samples, v.seed),
    maxSide: v.maxSide,
    frames: v.frames || sourceFrames(s),
    scale: { height: v.height, width: v.width },
    sigma: v.sigma,
    voting: v.voting,
    alpha: v.completeness ? v.alpha : VGPNN_NO_COMPLETENESS,
    fps: v.fps,
    loop: v.seamless ? 'loop' : v.loop,
    ...(v.seamless ? { seamless: true } : {}),
  };
}

/** The hole painted over the source's first frame, the same on every frame; empty until one is painted. */
function buildInpaint(s: State): VgpnnInpaintJob {
  const v = s.vgpnn;
  const mask = s.masks.inpaint;
  return {
    kind: 'vgpnn-inpaint',
    seeds: seedsFrom(v.samples, v.seed),
    maxSide: v.maxSide,
    frames: sourceFrames(s),
    labels: mask?.labels ?? new Uint8Array(0),
    ...(mask ? { colour: mask.colour } : {}),
    sigma: v.sigma,
    voting: v.voting,
    fps: v.fps,
    loop: v.loop,
  };
}

function showRecipe(job: VgpnnJob, current: VgpnnSlice): RecipeView<VgpnnSlice, VgpnnTaskId> {
  if (job.kind === 'vgpnn-inpaint') {
    const vgpnn: VgpnnSettings = {
      ...current.vgpnn,
      samples: job.seeds.length,
      seed: job.seeds[0] ?? current.vgpnn.seed,
      maxSide: job.maxSide,
      sigma: job.sigma,
      voting: job.voting,
      fps: job.fps,
      loop: job.loop,
    };
    return { task: job.kind, settings: { vgpnn } };
  }
  const completeness = job.alpha < VGPNN_NO_COMPLETENESS;
  const vgpnn: VgpnnSettings = {
    ...current.vgpnn,
    samples: job.seeds.length,
    seed: job.seeds[0] ?? current.vgpnn.seed,
    frames: job.frames,
    height: job.scale.height,
    width: job.scale.width,
    maxSide: job.maxSide,
    sigma: job.sigma,
    voting: job.voting,
    completeness,
    alpha: completeness ? job.alpha : current.vgpnn.alpha,
    fps: job.fps,
    loop: job.loop,
    seamless: job.seamless === true,
  };
  return { task: job.kind, settings: { vgpnn } };
}

export const vgpnnPage: FeaturePage<VgpnnJob, VgpnnSlice, VgpnnTaskId, PaintedHole> = {
  settings: { vgpnn: DEFAULT_VGPNN_SETTINGS },
  showRecipe,
  tasks: {
    'vgpnn-generate': {
      engine: 'GIF → GIF',
      label: 'Patches (no training)',
      blurb:
        'VGPNN: new animations made of the GIF’s own space-time patches, in seconds and with no training. Several seeds at once; export as GIF.',
      action: 'Generate',
      build,
    },
    'vgpnn-inpaint': {
      engine: 'GIF → GIF',
      label: 'Inpaint (patches)',
      blurb:
        'VGPNN: paint a hole (and a rough colour) over the GIF; it is filled on every frame, in motion, from the rest of the GIF’s space-time patches. Each seed fills it differently.',
      action: 'Fill the hole',
      build: buildInpaint,
    },
  },
};
