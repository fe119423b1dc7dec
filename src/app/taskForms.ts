/**
 * The page's forms, found by feature folder: each feature's page/forms.tsx
 * gives a form for every task it declares (typed against its own tasks), and
 * optionally an editor over the source image for some of them (a mask to
 * paint, a region to move). docs/architecture.md, "Feature folders".
 */
import type { ComponentType } from 'react';
import { TASKS, type TaskId } from '../features';
import { collectOnce } from '../jobs/collectOnce';
import type { Run, SourceImage, StudioState } from './store';

export type TaskForm = ComponentType<{ readonly s: StudioState }>;

/** An editor the task draws on over the source image, in the main area beside the output. */
export interface TaskCanvas {
  readonly title: string;
  readonly Editor: ComponentType<{ readonly source: SourceImage }>;
}

/** A run's own output view, in place of the viewer's one-output-at-a-time panel (the attention study's side-by-side table). */
export type OutputView = ComponentType<{ readonly run: Run }>;

/** What a feature's page/forms.tsx exports. */
export interface FeatureForms<T extends TaskId> {
  readonly forms: { readonly [K in T]: TaskForm };
  readonly canvases?: { readonly [K in T]?: TaskCanvas };
  /** Output views of the runs of some of its tasks, by the task's job kind. */
  readonly views?: { readonly [K in T]?: OutputView };
}

type FormsModule = FeatureForms<TaskId>;

/** Every task's form and canvas, from every feature's forms; a task without a form, or two, is a startup error. */
export function collectForms(modules: Readonly<Record<string, Partial<FormsModule>>>): FormsModule {
  const entries = Object.entries(modules);
  const tasks = { keys: Object.keys(TASKS), complete: true };
  const forms = collectOnce<TaskForm>(
    { item: 'form', key: 'task' },
    entries.map(([path, m]) => [path, m.forms ?? {}] as const),
    tasks,
  );
  const canvases = collectOnce<TaskCanvas>(
    { item: 'canvas', key: 'task' },
    entries.map(([path, m]) => [path, m.canvases ?? {}] as const),
    { ...tasks, complete: false },
  );
  const views = collectOnce<OutputView>(
    { item: 'output view', key: 'task' },
    entries.map(([path, m]) => [path, m.views ?? {}] as const),
    { ...tasks, complete: false },
  );
  return { forms: forms as FormsModule['forms'], canvases, views };
}

export const TASK_FORMS = collectForms(
  import.meta.glob<Partial<FormsModule>>('../features/*/page/forms.tsx', { eager: true }),
);
