import type { VgpnnGenerateJob, VgpnnSettings } from '../../src/features/vgpnn';
import { vgpnnPage } from '../../src/features/vgpnn/tasks';

/**
 * The job the page's Generate button sends for a source GIF of `frames`
 * frames with these Patches settings: the task's own build, so a benchmark
 * runs what a user runs (its name and model ids do not reach the job).
 */
export function vgpnnPageJob(frames: number, vgpnn: VgpnnSettings): VgpnnGenerateJob {
  const job = vgpnnPage.tasks['vgpnn-generate'].build({
    source: {
      name: 'source.gif',
      working: { height: 1, width: 1 },
      animation: { frames: Array.from({ length: frames }) },
    },
    selectedModelId: null,
    nextModelId: 'bench',
    vgpnn,
    masks: { retarget: null, inpaint: null },
  });
  if (job.kind !== 'vgpnn-generate') throw new Error(`The Patches task built a ${job.kind} job`);
  return job;
}
