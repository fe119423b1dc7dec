import { startJob } from '../../../app/studio';
import { notify, useStudio } from '../../../app/store';

/** GIF → GIF's side-by-side comparison with SinGAN's noise walk of the same model. */

/** β of the comparison walk: the study's 0.95. */
const WALK_BETA = 0.95;

/**
 * Runs SinGAN's noise walk of the same model, as long and as fast as a
 * finished GIF → GIF animation, and shows it beside that animation: the
 * baseline whose motion is chaotic. The animation stays the selected run.
 */
export function showNoiseWalk(runId: number): number | null {
  const run = useStudio.getState().runs.find((r) => r.id === runId);
  if (!run?.modelId || !run.animation) {
    notify('error', 'That animation is gone, or was not made from a model.');
    return null;
  }
  const id = startJob({
    kind: 'singan-animate',
    modelId: run.modelId,
    animation: {
      frames: run.expectedOutputs,
      fps: run.animation.fps,
      loop: run.animation.loop,
      seed: run.outputs[0]?.seed ?? 1,
      beta: WALK_BETA,
      startScale: 0,
    },
  });
  if (id !== null)
    useStudio.setState((s) => ({
      selectedRunId: runId,
      runs: s.runs.map((r) => (r.id === runId ? { ...r, walkRunId: id } : r)),
    }));
  return id;
}
