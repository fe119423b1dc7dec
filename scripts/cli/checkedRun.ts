/** Runs a job the way the page does: the job registry's check first, in its words (exit 2), then the worker. */
import { jobProblem, kindOf } from '../../src/jobs/jobKinds';
import type { Shape } from '../../src/engine/pyramid/pyramidShape';
import type { JobSpec } from '../../src/features';
import type { ImageSlot } from '../../src/protocol/images';
import type { AutomationResult } from '../../src/automation/automation';
import type { HeadlessStudio, LoadedImage } from '../lib/headlessStudio';
import { fail } from './args';

export async function runChecked(
  studio: HeadlessStudio,
  job: JobSpec,
  loaded: readonly { readonly slot: ImageSlot; readonly image: LoadedImage }[],
): Promise<AutomationResult> {
  const images: Partial<Record<ImageSlot, Shape>> = {};
  const frames: Partial<Record<ImageSlot, number>> = {};
  for (const { slot, image } of loaded) {
    images[slot] = [image.working.height, image.working.width];
    if (image.frames > 1) frames[slot] = image.frames;
  }
  const models = kindOf(job).needs(job).model ? (await studio.models({ kind: 'list' })).models : null;
  const problem = jobProblem(job, { images, models, frames });
  if (problem) fail(problem.message);
  return studio.run(job);
}
