import { inpaintPlan, inpaintVgpnn, prepareVgpnnInpaint } from '../../../engine/vgpnn/inpaintVideo';
import { videoFromFrames, videoShape, type Video, type VideoShape } from '../../../engine/vgpnn/video';
import { resizeVideo } from '../../../engine/vgpnn/videoPyramid';
import type { JobContext } from '../../../worker/jobContext';
import {
  vgpnnExactPairs,
  vgpnnHoleAt,
  vgpnnInpaintParamsOf,
  vgpnnSearchOf,
  vgpnnSourceSize,
  type VgpnnInpaintJob,
} from '..';
import { inUserWords, searchWords, streamSamples } from './runVgpnnJob';

/**
 * Video inpainting in the worker (docs/algorithms.md, "Inpainting a video"):
 * the source slot's frames and the hole painted over them, shrunk to the
 * job's max side, make one pyramid shared by every fill; each seed's fill is
 * rebuilt coarse to fine and streamed as a sample of vgpnn-generate is.
 */
export async function runVgpnnInpaintJob(job: VgpnnInpaintJob, ctx: JobContext): Promise<void> {
  const frames = ctx.frames('source');
  // The registry's check (jobProblem) refuses a still source with the user's message.
  if (!frames) throw new Error('vgpnn-inpaint started without an animated source');
  const { height, width } = frames[0];
  const size = vgpnnSourceSize(height, width, job.maxSide);
  const shape: VideoShape = [frames.length, size.height, size.width];
  const hole = vgpnnHoleAt(job, height, width, size);
  const planned = inUserWords(() => inpaintPlan(shape, hole.labels, vgpnnInpaintParamsOf(job)));
  const params = { ...vgpnnInpaintParamsOf(job), search: vgpnnSearchOf(planned.plan, planned.params.alpha) };
  const exactPairs = vgpnnExactPairs(planned.plan, planned.params.alpha);
  ctx.emitProgress(
    0,
    1,
    `Building the space-time pyramid around the hole · ${searchWords(params.search, exactPairs, 'fill')}`,
  );
  let source: Video = videoFromFrames(frames);
  if (videoShape(source).join() !== shape.join()) source = resizeVideo(source, shape);
  // A hole too large to fill from what is left is refused in the engine's words.
  const prepared = inUserWords(() => prepareVgpnnInpaint(source, hole, params, planned));
  await streamSamples(
    ctx,
    job.seeds,
    prepared,
    source,
    frames.length,
    (seed, callbacks) => inpaintVgpnn(prepared, seed, callbacks),
    'Fill',
  );
}
