import { strFromU8, strToU8, unzlibSync, zlibSync } from 'fflate';
import { type JobSpec } from '../features';
import type { ImageSlot } from '../protocol/images';
import { JOB_KINDS, kindOf } from './jobKinds';
import { STUDIO_VERSION } from './studioVersion';

/**
 * How an exported image was made, carried inside the file (a PNG iTXt
 * chunk): the job that makes exactly this output again, the working size,
 * and the source images by content hash. With the same sources, rerunning
 * the job gives the same pixels: every random choice hangs off the seed, and
 * the search GPNN ran is recorded as chosen, not as 'auto'.
 */
export const RECIPE_KEYWORD = 'single-image-studio-recipe';
export const RECIPE_VERSION = 1;

export interface RecipeSource {
  readonly slot: ImageSlot;
  readonly name: string;
  /** SHA-256 of the file as the user gave it, hex. */
  readonly sha256: string;
}

export interface Recipe {
  readonly format: typeof RECIPE_KEYWORD;
  readonly version: number;
  /** The studio version that made it. */
  readonly studio: string;
  /** A job with this one output (output 0), ready to send to the engine. */
  readonly job: JobSpec;
  readonly seed: number | null;
  /** The longer side the sources were worked at. */
  readonly workingMaxSide: number;
  readonly sources: readonly RecipeSource[];
  /** SinGAN jobs: the stored model they used. */
  readonly modelId?: string;
  /**
   * SinGAN jobs: SHA-256 of the model file, where the maker read the model
   * from one (the CLI), so a replay can tell it the wrong file; the page's
   * recipes name only the stored id, which an import does not keep.
   */
  readonly modelSha256?: string;
  /**
   * Set when the file holds a part of the job's result rather than all of
   * it: one output of a job whose outputs are made together (an animation's
   * frame; a batch sample needs none, its job is remade alone as output 0).
   * Absent in recipes older than per-scale and per-frame exports.
   */
  readonly output?: number;
  /** Set when the file is one scale of that output: its pyramid level, 0 the finest, as the Scales strip numbers them. */
  readonly level?: number;
}

/**
 * The job that remakes output `output` of `job` alone. A sample of a batch
 * is its seed's sample; GPNN's search is pinned to the one that ran.
 */
export function singleOutputJob(
  job: JobSpec,
  output: number,
  searchRan?: 'exact' | 'patchmatch',
): { job: JobSpec; seed: number | null } {
  const one = kindOf(job).oneOutput;
  return one ? one(job, output, searchRan) : { job, seed: null };
}

/** Typed arrays (masks) survive JSON as tagged base64. */
function toJson(recipe: Recipe): string {
  return JSON.stringify(recipe, (_key, value: unknown) => {
    if (value instanceof Uint8Array || value instanceof Uint8ClampedArray) {
      let s = '';
      for (let i = 0; i < value.length; i += 0x8000) s += String.fromCharCode(...value.subarray(i, i + 0x8000));
      return { $bytes: value instanceof Uint8Array ? 'u8' : 'u8c', base64: btoa(s) };
    }
    return value;
  });
}

function fromJson(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === 'object' && '$bytes' in value && 'base64' in value) {
      const { $bytes, base64 } = value as { $bytes: string; base64: string };
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      return $bytes === 'u8c' ? new Uint8ClampedArray(bytes.buffer) : bytes;
    }
    return value;
  });
}

export function encodeRecipe(recipe: Recipe): string {
  return toJson(recipe);
}

/** A recipe as a GIF comment: printable ASCII (the keyword, then the zlib-compressed JSON in base64). */
export function encodeRecipeComment(recipe: Recipe): string {
  const packed = zlibSync(strToU8(toJson(recipe)), { level: 9 });
  let s = '';
  for (let i = 0; i < packed.length; i += 0x8000) s += String.fromCharCode(...packed.subarray(i, i + 0x8000));
  return `${RECIPE_KEYWORD} ${btoa(s)}`;
}

/** The recipe text of a GIF comment written by encodeRecipeComment, or null for any other comment. */
export function recipeTextOfComment(comment: string): string | null {
  if (!comment.startsWith(`${RECIPE_KEYWORD} `)) return null;
  try {
    const packed = Uint8Array.from(atob(comment.slice(RECIPE_KEYWORD.length + 1)), (c) => c.charCodeAt(0));
    return strFromU8(unzlibSync(packed));
  } catch {
    // parseRecipe says it is damaged.
    return '{';
  }
}

export type ParsedRecipe =
  { readonly recipe: Recipe; readonly error?: undefined } | { readonly recipe?: undefined; readonly error: string };

/** Reads a recipe, or says in one sentence why it cannot be used. */
export function parseRecipe(text: string): ParsedRecipe {
  let value: unknown;
  try {
    value = fromJson(text);
  } catch (err) {
    return { error: `The recipe in this file is damaged (${err instanceof Error ? err.message : String(err)}).` };
  }
  const r = value as Partial<Recipe> | null;
  if (!r || typeof r !== 'object' || r.format !== RECIPE_KEYWORD)
    return { error: 'The recipe in this file is not a studio recipe.' };
  if (typeof r.version !== 'number' || r.version > RECIPE_VERSION)
    return {
      error: `This recipe was made by a newer studio (recipe version ${String(r.version)}, ${r.studio ?? 'unknown version'}); update the studio to restore it.`,
    };
  if (!r.job || typeof r.job !== 'object' || !(r.job.kind in JOB_KINDS))
    return { error: 'The recipe in this file names a job this studio does not know.' };
  if (
    !Array.isArray(r.sources) ||
    !r.sources.every(
      (s: Partial<RecipeSource> | null) => s && typeof s.sha256 === 'string' && typeof s.slot === 'string',
    )
  )
    return { error: 'The recipe in this file is damaged (its source images are not listed).' };
  if (typeof r.workingMaxSide !== 'number') return { error: 'The recipe in this file is damaged (no working size).' };
  if (!isIndex(r.output) || !isIndex(r.level))
    return { error: 'The recipe in this file is damaged (its output or level is not a whole number).' };
  return { recipe: r as Recipe };
}

const isIndex = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0);

/** The recipe inside a comment written by encodeRecipeComment, or null when the comment carries no usable one. */
export function recipeOfComment(comment: string): Recipe | null {
  const text = recipeTextOfComment(comment);
  return text === null ? null : (parseRecipe(text).recipe ?? null);
}

export function makeRecipe(fields: Omit<Recipe, 'format' | 'version' | 'studio'>): Recipe {
  return { format: RECIPE_KEYWORD, version: RECIPE_VERSION, studio: STUDIO_VERSION, ...fields };
}

/** SHA-256 of bytes, hex: how a recipe names its sources. */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The image slots a job reads: what a recipe must name so that a rerun finds the same pixels. */
export function recipeSlots(job: JobSpec): ImageSlot[] {
  const own = kindOf(job).slots?.(job);
  if (own) return [...own];
  const needs = kindOf(job).needs(job);
  return [...(needs.source ? (['source'] as const) : []), ...(needs.slot ? [needs.slot.slot] : [])];
}
