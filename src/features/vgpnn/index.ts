/**
 * VGPNN (docs/algorithms.md, "VGPNN (space-time patches)"): new animations
 * from an animated source's own space-time patches, in seconds and with no
 * training. The page offers it as GIF → GIF's "Patches" engine; the CLI as
 * `gif2gif generate --engine patches`.
 */
import { definePageFeature, plural, RUN_AGAIN, type ExpectedSilence } from '../../jobs/kindInfo';
import type { VgpnnGenerateJob } from './jobs';
import { vgpnnPage } from './tasks';
import { checkVgpnnJob } from './vgpnnLimits';

export type { VgpnnGenerateJob } from './jobs';
export type { VgpnnSettings, VgpnnSlice } from './tasks';
export {
  checkVgpnnJob,
  vgpnnParamsOf,
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

export const vgpnnFeature = definePageFeature<VgpnnGenerateJob>()(
  'vgpnn',
  {
    'vgpnn-generate': {
      comparesWithSource: true,
      fileWords: () => 'vgpnn-animation',
      // Outputs are every sample's frames, sample after sample: a frame's sample is remade alone, by its seed.
      oneOutput: (job, output) => {
        const seed = job.seeds[Math.floor(output / job.frames)];
        return { job: { ...job, seeds: [seed] }, seed };
      },
      needs: () => ({ source: true, model: false }),
      validate: (job, facts) => {
        const [height, width] = facts.images.source!;
        return checkVgpnnJob(job, facts.frames?.source ?? 1, height, width);
      },
      title: (job, n) =>
        `GIF → GIF patches (${plural(job.seeds.length, 'sample')}, ${job.frames} frames${job.scale.height !== 1 || job.scale.width !== 1 ? `, ${job.scale.height}× height, ${job.scale.width}× width` : ''}) · ${n.source}`,
      // Every sample's frames, sample after sample; the output's frame count is fixed by the job and the source.
      outputs: (job) => job.seeds.length * job.frames,
      silence: VGPNN_SILENCE,
      playback: (job) => ({ fps: job.fps, loop: job.loop, samples: job.seeds.length }),
      // Never said: the engine runs on the CPU whatever the backend, so a lost GPU device leaves the run going.
      afterDeviceLoss: RUN_AGAIN,
      cpuOnly: true,
    },
  },
  vgpnnPage,
);
