/**
 * The parts job specs share: how animations play, and the test hooks a job
 * may carry. Each family's job specs are in its feature folder
 * (src/features/<family>/jobs.ts); the union of them all, JobSpec, is derived
 * from the feature list (src/features/index.ts).
 */

/** How an animation plays (and exports): frames at fps, looping, or forwards then backwards. */
export type LoopMode = 'loop' | 'pingpong';

export interface AnimationParams {
  readonly frames: number;
  readonly fps: number;
  readonly loop: LoopMode;
  readonly seed: number;
}

/** Test hooks: honoured only by test builds (__TEST_HOOKS__); a production worker ignores them. */
export interface JobOptions {
  /** Extra wait after each streamed scale, in ms: lets tests watch a job mid-flight. */
  readonly pacingMs?: number;
  /** Blocks the worker's thread this long at the first streamed scale, in ms: a job as silent as a slow machine makes it. */
  readonly stallMs?: number;
}
