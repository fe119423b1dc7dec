import { addPngText, readPngText } from '../engine/image/pngText';
import { readGifComments } from '../engine/gif/gifComment';
import { encodeRecipe, makeRecipe, parseRecipe, RECIPE_KEYWORD, recipeTextOfComment, sha256Hex, singleOutputJob, type Recipe } from '../jobs/recipe';
import type { ImageSlot, JobSpec, RgbaPixels } from '../protocol/messages';
import { downloadBlob } from './downloadPng';
import { openImage, setGpnnParams, setSampling, setTask, setWorkingMaxSide, startJob } from './studio';
import { notify, useStudio, type Run, type StudioState } from './store';
import type { TaskId } from './tasks';

/**
 * Exports that carry their recipe, and restoring one: a PNG made here says
 * how it was made (src/jobs/recipe.ts); dropped back, it sets the task and
 * its parameters and, when its sources are in the session, makes the same
 * pixels again.
 */
const hashes = new WeakMap<Blob, Promise<string>>();
const hashOf = (blob: Blob) => {
  let h = hashes.get(blob);
  if (!h) {
    h = blob.arrayBuffer().then(sha256Hex);
    hashes.set(blob, h);
  }
  return h;
};

async function encodePng(pixels: RgbaPixels): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available to encode the PNG.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** The recipe of one output of a run, or null for runs that cannot be remade (no job recorded). */
export async function recipeOf(run: Run, output: number): Promise<Recipe | null> {
  const base = run.recipeBase;
  if (!base) return null;
  const { job, seed } = singleOutputJob(base.job, output, run.search?.nn);
  const sources = await Promise.all(base.sources.map(async (s) => ({ slot: s.slot, name: s.name, sha256: await hashOf(s.blob) })));
  return makeRecipe({ job, seed, workingMaxSide: base.workingMaxSide, sources, ...('modelId' in job ? { modelId: job.modelId } : {}) });
}

/** Saves one output as a PNG with its recipe inside. */
export async function exportOutputPng(run: Run, output: number, filename: string): Promise<void> {
  const out = run.outputs.find((o) => o.output === output);
  if (!out) return;
  let png = await encodePng(out.pixels);
  const recipe = await recipeOf(run, output);
  if (recipe) png = addPngText(png, RECIPE_KEYWORD, encodeRecipe(recipe));
  downloadBlob(new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), filename.endsWith('.png') ? filename : `${filename}.png`);
}

/** A dropped or pasted file: a studio export is offered for restoring; anything else opens as an image. */
export async function openDroppedFile(file: Blob, name: string): Promise<void> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer());
  const isPng = head[0] === 0x89 && head[1] === 0x50;
  const isGif = head[0] === 0x47 && head[1] === 0x49 && head[2] === 0x46;
  const bytes = isPng || isGif ? new Uint8Array(await file.arrayBuffer()) : null;
  const text = !bytes
    ? null
    : isPng
      ? readPngText(bytes, RECIPE_KEYWORD)
      : (readGifComments(bytes).map(recipeTextOfComment).find((t) => t !== null) ?? null);
  if (text === null) {
    openImage(file, name);
    return;
  }
  const parsed = parseRecipe(text);
  useStudio.setState({ recipeOffer: { fileName: name, blob: file, recipe: parsed.recipe, error: parsed.error } });
}

export function dismissRecipe(openAsImage: boolean): void {
  const offer = useStudio.getState().recipeOffer;
  useStudio.setState({ recipeOffer: null });
  if (offer && openAsImage) openImage(offer.blob, offer.fileName);
}

const GPNN_TASK_IDS: Record<Extract<JobSpec, { kind: 'gpnn' }>['task']['kind'], TaskId> = {
  sample: 'gpnn-sample',
  retarget: 'gpnn-retarget',
  analogy: 'gpnn-analogy',
  inpaint: 'gpnn-inpaint',
  collage: 'gpnn-collage',
  edit: 'gpnn-edit',
};

/** The task panel shows the recipe's task and parameters. */
function showRecipe(recipe: Recipe): void {
  const job = recipe.job;
  switch (job.kind) {
    case 'gpnn':
      setTask(GPNN_TASK_IDS[job.task.kind]);
      setGpnnParams(job.params);
      if (job.task.kind === 'sample') setSampling({ count: job.task.seeds.length, baseSeed: job.task.seeds[0] });
      break;
    case 'gpnn-animate':
      setTask('gpnn-animate');
      setGpnnParams(job.params);
      useStudio.setState({ gpnnAnimation: job.animation });
      break;
    case 'singan-sample':
      setTask('singan-sample');
      useStudio.setState((s) => ({
        selectedModelId: job.modelId,
        singan: { ...s.singan, sample: { count: job.seeds.length, baseSeed: job.seeds[0], heightFactor: job.heightFactor, widthFactor: job.widthFactor } },
      }));
      break;
    case 'pyramid':
      setTask('pyramid');
      useStudio.setState({ pyramid: job.params });
      break;
    default:
      if (job.kind in { 'singan-superres': 1, 'singan-inject': 1, 'singan-animate': 1, 'singan-train': 1 }) setTask(job.kind as TaskId);
      if ('modelId' in job) useStudio.setState({ selectedModelId: job.modelId });
  }
}

/** Which of the recipe's sources the session lacks (by content, not by name). */
async function missingSources(recipe: Recipe, s: StudioState): Promise<string[]> {
  const images: Partial<Record<ImageSlot, { blob: Blob }>> = { source: s.source ?? undefined, ...s.extras };
  const missing: string[] = [];
  for (const src of recipe.sources) {
    const img = images[src.slot];
    if (!img || (await hashOf(img.blob)) !== src.sha256) missing.push(`${src.name} (${src.slot})`);
  }
  return missing;
}

const settled = () =>
  new Promise<void>((resolve) => {
    const check = (s: StudioState) => s.pending.length === 0;
    if (check(useStudio.getState())) return resolve();
    const stop = useStudio.subscribe((s) => {
      if (check(s)) {
        stop();
        resolve();
      }
    });
  });

/** Sets the task and parameters; when every source is in the session (and the model is stored), runs the job again. */
export async function restoreRecipe(): Promise<void> {
  const offer = useStudio.getState().recipeOffer;
  if (!offer?.recipe) return;
  const recipe = offer.recipe;
  useStudio.setState({ recipeOffer: null });
  showRecipe(recipe);
  const s = useStudio.getState();
  if (recipe.modelId && !s.models?.some((m) => m.id === recipe.modelId)) {
    notify('warning', 'The recipe’s settings are restored, but it needs a SinGAN model that is not stored here: import its model under Models, then restore again.');
    return;
  }
  const missing = await missingSources(recipe, s);
  if (missing.length > 0) {
    notify('warning', `The recipe’s settings are restored. To make the same image again, open its source image${missing.length === 1 ? '' : 's'} first: ${missing.join(', ')}; then restore again.`);
    return;
  }
  if (s.workingMaxSide !== recipe.workingMaxSide) {
    setWorkingMaxSide(recipe.workingMaxSide);
    await settled();
  }
  startJob(recipe.job);
}
