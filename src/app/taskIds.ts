/**
 * The page's tasks by id, in the order the task panel lists them. The store
 * holds the current one; src/app/tasks.ts describes each (a missing or extra
 * entry there is a compile error). Apart from tasks.ts because the tasks build
 * their jobs from the store's state, and the store must not import them back.
 */
export const TASK_IDS = [
  'gpnn-sample',
  'gpnn-retarget',
  'gpnn-inpaint',
  'gpnn-analogy',
  'gpnn-edit',
  'gpnn-collage',
  'gpnn-animate',
  'singan-train',
  'singan-sample',
  'singan-superres',
  'singan-inject',
  'singan-animate',
  'gif2gif-train',
  'gif2gif-generate',
  'pyramid',
] as const;

export type TaskId = (typeof TASK_IDS)[number];

/** A fresh id for the next stored model (drawn when a training starts, so a rebuilt job keeps it). */
export function newModelId(): string {
  return `m${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}
