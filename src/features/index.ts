/**
 * The feature list (docs/architecture.md, "Feature folders"): every job
 * family, one line each. Derived from it: the job registry
 * (src/jobs/jobKinds.ts) and the protocol's JobSpec; the page's tasks, their
 * settings (the store's slices with their defaults) and how recipes show.
 * Each family's worker runners, page forms and CLI commands are found by
 * folder (runners.ts, forms.tsx, cli.ts) and checked against it.
 */
import type { JobsOf, RecipeView, SettingsOf, TaskInfo, TasksOf } from '../jobs/kindInfo';
import { TASK_ENGINES } from '../jobs/kindInfo';
import { collectOnce } from '../jobs/collectOnce';
import { exportFeature } from './export';
import { gif2gifFeature } from './gif2gif';
import { gpnnFeature } from './gpnn';
import { pyramidFeature } from './pyramid';
import { sifidFeature } from './sifid';
import { singanFeature } from './singan';
import { studyFeature } from './study';
import { vgpnnFeature } from './vgpnn';

export const FEATURES = [
  pyramidFeature,
  gpnnFeature,
  sifidFeature,
  exportFeature,
  singanFeature,
  studyFeature,
  // Before gif2gif: GIF → GIF's default engine (Patches) comes first in its group.
  vgpnnFeature,
  gif2gifFeature,
] as const;

type AnyFeature = (typeof FEATURES)[number];

/** Every job the page (or the CLI) can send the worker: one spec per kind, discriminated by `kind`. */
export type JobSpec = JobsOf<AnyFeature>;
export type JobKind = JobSpec['kind'];

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Every feature's settings: the store's slices that features own. */
export type FeatureSettings = UnionToIntersection<SettingsOf<AnyFeature>>;
/** Every task of the task panel. */
export type TaskId = TasksOf<AnyFeature>;

const pages = FEATURES.flatMap((f) => ('page' in f ? [{ name: f.name, ...f.page }] : []));

/** A key two features declare (a settings slice, a task) is a startup error. */
const declarations = (what: string) => ({ item: 'declaration', key: what });

/** The features' settings at their defaults. */
export const FEATURE_SETTINGS = collectOnce(
  declarations('setting'),
  pages.map((p) => [p.name, p.settings] as const),
) as unknown as FeatureSettings;

/** Every task, as the task panel lists them. */
export const TASKS = collectOnce(
  declarations('task'),
  pages.map((p) => [p.name, p.tasks] as const),
) as unknown as Readonly<Record<TaskId, TaskInfo<FeatureSettings, JobSpec>>>;

/** The tasks in the panel's order: by engine (TASK_ENGINES), then as their features list them. */
export const TASK_IDS: readonly TaskId[] = TASK_ENGINES.flatMap((engine) =>
  (Object.keys(TASKS) as TaskId[]).filter((id) => TASKS[id].engine === engine),
);

/** What the task panel shows for a recipe's job: the feature that declares its kind says (null: no task sends it). */
export function recipeViewOf(
  job: JobSpec,
  current: FeatureSettings,
): RecipeView<Partial<FeatureSettings>, TaskId> | null {
  const feature = FEATURES.find((f) => job.kind in f.kinds);
  if (!feature || !('page' in feature)) return null;
  const show = feature.page.showRecipe as (
    job: JobSpec,
    s: FeatureSettings,
  ) => RecipeView<Partial<FeatureSettings>, TaskId> | null;
  return show(job, current);
}

/**
 * The saved settings drawn over the source's pixels that still fit it, for
 * every feature that has such settings (a saved session restores them once
 * the source is decoded again).
 */
export function restoreOverSource(
  saved: Partial<FeatureSettings>,
  source: { readonly height: number; readonly width: number },
): Partial<FeatureSettings> {
  const restored = pages.map((p) => {
    const restore = p.restoreOverSource;
    return restore?.(saved, source) ?? {};
  });
  return Object.assign({}, ...restored) as Partial<FeatureSettings>;
}

/** Settings drawn over the source's pixels (masks, a selected region), as they become for a source of another size. */
export function forNewSource(current: FeatureSettings): Partial<FeatureSettings> {
  const reset = pages.map((p) => {
    const f = p.forNewSource as ((s: FeatureSettings) => Partial<FeatureSettings>) | undefined;
    return f?.(current) ?? {};
  });
  return Object.assign({}, ...reset) as Partial<FeatureSettings>;
}

/** Which settings are drawn over the source's pixels: they wait for the source when a session is restored. */
export const SOURCE_BOUND_SETTINGS = new Set(
  FEATURES.flatMap((f) => ('page' in f && f.page.sourceBound ? f.page.sourceBound : [])),
) as ReadonlySet<keyof FeatureSettings>;
