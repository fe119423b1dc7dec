/** GPNN's jobs: one job kind for all its image tasks, and its animation. */
import type { GpnnParams } from '../../engine/gpnn/gpnnParams';
import type { GpnnTaskSpec } from '../../engine/gpnn/gpnnTask';
import type { AnimationParams } from '../../protocol/jobs';

export interface GpnnJob {
  readonly kind: 'gpnn';
  readonly task: GpnnTaskSpec;
  readonly params: GpnnParams;
  /** Compute SIFID of every streamed scale against the source at that scale (default true). */
  readonly sifid?: boolean;
}

/** GPNN animation: a smoothly varying coarse noise; 'temporal' starts each frame from the previous one, 'independent' does not (the flicker baseline). */
export interface GpnnAnimateJob {
  readonly kind: 'gpnn-animate';
  readonly params: GpnnParams;
  readonly animation: AnimationParams & { readonly coherence: 'temporal' | 'independent' };
}
