import { rgbaToRgb, type RgbImage } from '../../../engine/image/rgbImage';
import type { SifidJob } from '..';
import type { RgbaPixels } from '../../../protocol/images';
import { decodeImage } from '../../../worker/imageDecoder';
import type { JobContext } from '../../../worker/jobContext';
import { sifid, sifidDefinedFor } from '../../../worker/sifidService';
import { JobInputError } from '../../../worker/jobErrors';
import { formatSize } from '../../../engine/image/formatSize';

/** Decoded at full size: SIFID is defined on the images as given, not on a working copy. */
const FULL_SIZE = 16384;

async function toImage(input: Blob | RgbaPixels, name: string): Promise<RgbImage> {
  if (input instanceof Blob) return (await decodeImage(input, name, FULL_SIZE)).working;
  return rgbaToRgb(input.rgba, input.height, input.width);
}

/** SIFID of every fake against the real image, one metric per fake (output index = fake index). */
export async function runSifidJob(job: SifidJob, ctx: JobContext): Promise<void> {
  const real = await toImage(job.real, 'real image');
  if (!sifidDefinedFor(real))
    throw new JobInputError(
      'image-too-small',
      `The real image (${formatSize(real.width, real.height)}) is too small for SIFID.`,
    );
  for (let i = 0; i < job.fakes.length; i++) {
    ctx.signal.throwIfAborted();
    ctx.emitProgress(i, job.fakes.length, `SIFID ${i + 1}/${job.fakes.length}`);
    const fake = await toImage(job.fakes[i], `image ${i + 1}`);
    if (!sifidDefinedFor(fake))
      throw new JobInputError(
        'image-too-small',
        `Image ${i + 1} (${formatSize(fake.width, fake.height)}) is too small for SIFID.`,
      );
    ctx.emitMetric(i, null, 'sifid', await sifid(real, fake));
  }
  ctx.emitProgress(job.fakes.length, job.fakes.length, 'SIFID done');
}
