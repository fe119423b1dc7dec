import { encodeGif } from '../../../engine/gif/encodeGif';
import { addGifComment } from '../../../engine/gif/gifComment';
import type { RgbaFrame } from '../../../engine/gif/gifLimits';
import { zipPngs } from '../../../engine/gif/zipPngs';
import { addPngText } from '../../../engine/image/pngText';
import { encodeRecipe, RECIPE_KEYWORD, recipeOfComment } from '../../../jobs/recipe';
import type { ExportAnimationJob } from '..';
import type { JobContext } from '../../../worker/jobContext';

/** A file name stem safe on every desktop OS: no path separators, reserved or control characters. */
function safeStem(name: string): string {
  const stem = name
    // eslint-disable-next-line no-control-regex -- control characters are among those a file name must not hold
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-')
    .replace(/^[.\s-]+|[.\s]+$/g, '')
    .slice(0, 120);
  return stem || 'animation';
}

/** PNG bytes of one frame. The worker's OffscreenCanvas is the only PNG encoder the engine has; the rest of the export is pure. */
async function encodePng(frame: RgbaFrame): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(frame.width, frame.height);
  const g = canvas.getContext('2d');
  if (!g)
    throw new Error(
      'This browser cannot draw in a worker (no OffscreenCanvas 2D context), so PNG frames cannot be made here.',
    );
  g.putImageData(new ImageData(new Uint8ClampedArray(frame.rgba), frame.width, frame.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

/**
 * Encodes frames the page holds into one file: an animated GIF (pingpong
 * written out, since GIF only loops) or a zip of the distinct frames as PNGs
 * (lossless, for editing elsewhere; the loop mode does not duplicate frames).
 * The animation's recipe, sent as the GIF comment, goes into the GIF as
 * that comment and into every PNG frame with the frame's index, so a single
 * frame taken out of the zip still says how it was made.
 * Progress per frame; a pause or cancel takes effect between frames.
 */
export async function runExportAnimationJob(job: ExportAnimationJob, ctx: JobContext): Promise<void> {
  const stem = safeStem(job.name);
  if (job.format === 'gif') {
    const encoded = await encodeGif(job.frames, {
      fps: job.fps,
      loop: job.loop,
      signal: ctx.signal,
      pause: () => ctx.checkpoint(),
      onProgress: (done, total) => ctx.emitProgress(done, total, `Encoding GIF · frame ${done}/${total}`),
    });
    const bytes = job.comment ? addGifComment(encoded, job.comment) : encoded;
    ctx.emitFile(`${stem}.gif`, 'image/gif', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' }));
    return;
  }
  const n = job.frames.length;
  const recipe = job.comment ? recipeOfComment(job.comment) : null;
  const pngs: Uint8Array[] = [];
  ctx.emitProgress(0, n, 'Encoding PNG frames');
  for (const frame of job.frames) {
    await ctx.checkpoint();
    const png = await encodePng(frame);
    // The distinct frames are the animation's outputs in order, so the frame index is the output index.
    pngs.push(recipe ? addPngText(png, RECIPE_KEYWORD, encodeRecipe({ ...recipe, output: pngs.length })) : png);
    ctx.emitProgress(pngs.length, n, `Encoding PNG · frame ${pngs.length}/${n}`);
  }
  await ctx.checkpoint();
  const zip = zipPngs(pngs);
  ctx.emitFile(
    `${stem}-frames.zip`,
    'application/zip',
    new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
  );
}
