import { addPngText, readPngText } from '../engine/image/pngText';
import { detectFormat } from '../engine/image/sniffImage';
import { readGifComments } from '../engine/gif/gifComment';
import { kindOf } from '../jobs/jobKinds';
import {
  encodeRecipe,
  makeRecipe,
  parseRecipe,
  RECIPE_KEYWORD,
  recipeTextOfComment,
  sha256Hex,
  singleOutputJob,
  type Recipe,
} from '../jobs/recipe';
import { recipeViewOf } from '../features';
import type { RgbaPixels } from '../protocol/images';
import { downloadPng, encodePng } from './downloadPng';
import { openImage, setWorkingMaxSide, startJob } from './studio';
import { imagesBySlot, notify, useStudio, viewOutput, type Run, type ScaleView, type StudioState } from './store';

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

/** The recipe that remakes output `output` of a run (with the whole job where its outputs are made together), or null for runs that cannot be remade (no job recorded). */
export async function recipeOf(run: Run, output: number): Promise<Recipe | null> {
  const base = run.recipeBase;
  if (!base) return null;
  const { job, seed } = singleOutputJob(base.job, output, run.search?.nn);
  const sources = await Promise.all(
    base.sources.map(async (s) => ({ slot: s.slot, name: s.name, sha256: await hashOf(s.blob) })),
  );
  return makeRecipe({
    job,
    seed,
    workingMaxSide: base.workingMaxSide,
    sources,
    ...('modelId' in job ? { modelId: job.modelId } : {}),
  });
}

/** The recipe of a file that holds one output of a run, or one scale (`level`) of it: recipeOf, plus which part that is. */
export async function recipeOfPart(
  run: Run,
  part: { readonly output: number; readonly level?: number },
): Promise<Recipe | null> {
  const recipe = await recipeOf(run, part.output);
  if (!recipe) return null;
  // A batch sample's job is remade alone, so it is that job's only output; an animation's frames come together and need their index.
  const together = kindOf(recipe.job).outputs(recipe.job) > 1;
  return {
    ...recipe,
    ...(together ? { output: part.output } : {}),
    ...(part.level !== undefined ? { level: part.level } : {}),
  };
}

async function downloadWithRecipe(pixels: RgbaPixels, recipe: Recipe | null, filename: string): Promise<void> {
  const png = await encodePng(pixels);
  downloadPng(recipe ? addPngText(png, RECIPE_KEYWORD, encodeRecipe(recipe)) : png, filename);
}

/** Saves one output as a PNG with its recipe inside. */
export async function exportOutputPng(run: Run, output: number, filename: string): Promise<void> {
  const out = run.outputs.find((o) => o.output === output);
  if (!out) return;
  await downloadWithRecipe(out.pixels, await recipeOfPart(run, { output }), filename);
}

/** Saves one scale of a run as a PNG, with the run's recipe and the scale's output and level inside. */
export async function exportScalePng(run: Run, scale: ScaleView, filename: string): Promise<void> {
  await downloadWithRecipe(
    scale.pixels,
    await recipeOfPart(run, { output: scale.output, level: scale.level }),
    filename,
  );
}

/** A dropped or pasted file: a studio export is offered for restoring; anything else opens as an image. */
export async function openDroppedFile(file: Blob, name: string): Promise<void> {
  // Only PNGs and GIFs carry recipes: other files are not read whole here, the worker decodes them.
  const format = detectFormat(new Uint8Array(await file.slice(0, 32).arrayBuffer()));
  const bytes = format === 'png' || format === 'gif' ? new Uint8Array(await file.arrayBuffer()) : null;
  const text = !bytes
    ? null
    : format === 'png'
      ? readPngText(bytes, RECIPE_KEYWORD)
      : (readGifComments(bytes)
          .map(recipeTextOfComment)
          .find((t) => t !== null) ?? null);
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

/** The task panel shows the recipe's task and parameters (as the recipe's feature says). */
function showRecipe(recipe: Recipe): void {
  const view = recipeViewOf(recipe.job, useStudio.getState());
  if (!view) return;
  useStudio.setState({
    task: view.task,
    ...view.settings,
    ...(view.selectedModelId !== undefined ? { selectedModelId: view.selectedModelId } : {}),
  });
}

/** Which of the recipe's sources the session lacks (by content, not by name). */
async function missingSources(recipe: Recipe, s: StudioState): Promise<string[]> {
  const images = imagesBySlot(s);
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
    notify(
      'warning',
      'The recipe’s settings are restored, but it needs a SinGAN model that is not stored here: import its model under Models, then restore again.',
    );
    return;
  }
  const missing = await missingSources(recipe, s);
  if (missing.length > 0) {
    notify(
      'warning',
      `The recipe’s settings are restored. To make the same image again, open its source image${missing.length === 1 ? '' : 's'} first: ${missing.join(', ')}; then restore again.`,
    );
    return;
  }
  if (s.workingMaxSide !== recipe.workingMaxSide) {
    setWorkingMaxSide(recipe.workingMaxSide);
    await settled();
  }
  const runId = startJob(recipe.job);
  // A frame or a scale of one: show that output as it comes (its scales in the strip).
  if (runId !== null && recipe.output !== undefined) viewOutput(runId, recipe.output);
}
