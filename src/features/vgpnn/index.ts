/**
 * VGPNN (docs/algorithms.md, "VGPNN (space-time patches)"): new animations
 * from an animated source's own space-time patches, in seconds and with no
 * training. The page offers it as GIF → GIF's "Patches" engine; the CLI as
 * `gif2gif generate --engine patches`.
 */
import { definePageFeature, plural, RUN_AGAIN, type ExpectedSilence } from '../../jobs/kindInfo';
import type { VgpnnGenerateJob, VgpnnInpaintJob, VgpnnJob } from './jobs';
import { vgpnnPage } from './tasks';
import { checkVgpnnInpaintJob, checkVgpnnJob } from './vgpnnLimits';

export type { VgpnnGenerateJob, VgpnnInpaintJob, VgpnnJob } from './jobs';
export type { VgpnnSettings, VgpnnSlice } from './tasks';
export {
  checkVgpnnJob,
  checkVgpnnInpaintJob,
  vgpnnHoleAt,
  vgpnnInpaintParamsOf,
  vgpnnParamsOf,
  vgpnnExactPairs,
  vgpnnSearchOf,
  vgpnnFrameRange,
  vgpnnShapes,
  vgpnnSourceSize,
  VGPNN_MAX_SIDE,
  VGPNN_NO_COMPLETENESS,
  VGPNN_SAMPLES,
  VGPNN_SCALE,
} from './vgpnnLimits';
export { DEFAULT_VGPNN_SETTINGS } from './tasks';

/**
 * The engine runs on the CPU whatever the backend: its search yields every
 * few tenths of a second, but a vote or a resize of a large level holds the
 * thread in one piece, so a GPU backend gets the CPU backends' patience.
 */
const VGPNN_SILENCE: ExpectedSilence = { webgpu: 60_000, wasm: 60_000, cpu: 60_000 };

/**
 * What both kinds share: their outputs are every sample's (or fill's) frames,
 * one seed after another, of a length fixed by the job, played beside the
 * source; a frame's recipe remakes its seed's animation alone; the engine
 * runs on the CPU whatever the backend, so a lost GPU device leaves the run
 * going (afterDeviceLoss is never said).
 */
function seededAnimations<J extends VgpnnJob>() {
  return {
    comparesWithSource: true,
    oneOutput: (job: J, output: number) => {
      const seed = job.seeds[Math.floor(output / job.frames)];
      return { job: { ...job, seeds: [seed] }, seed };
    },
    needs: () => ({ source: true, model: false }),
    outputs: (job: J) => job.seeds.length * job.frames,
    silence: VGPNN_SILENCE,
    playback: (job: J) => ({ fps: job.fps, loop: job.loop, samples: job.seeds.length }),
    afterDeviceLoss: RUN_AGAIN,
    cpuOnly: true,
  } as const;
}

export const vgpnnFeature = definePageFeature<VgpnnJob>()(
  'vgpnn',
  {
    'vgpnn-generate': {
      ...seededAnimations<VgpnnGenerateJob>(),
      fileWords: () => 'vgpnn-animation',
      validate: (job, facts) => {
        const [height, width] = facts.images.source!;
        return checkVgpnnJob(job, facts.frames?.source ?? 1, height, width);
      },
      title: (job, n) =>
        `GIF → GIF patches (${plural(job.seeds.length, 'sample')}, ${job.frames} frames${job.scale.height !== 1 || job.scale.width !== 1 ? `, ${job.scale.height}× height, ${job.scale.width}× width` : ''}) · ${n.source}`,
    },
    'vgpnn-inpaint': {
      ...seededAnimations<VgpnnInpaintJob>(),
      fileWords: () => 'vgpnn-inpainted',
      validate: (job, facts) => {
        const [height, width] = facts.images.source!;
        return checkVgpnnInpaintJob(job, facts.frames?.source ?? 1, height, width);
      },
      title: (job, n) => `GIF → GIF inpainting (${plural(job.seeds.length, 'fill')}) · ${n.source}`,
    },
  },
  vgpnnPage,
);
