/**
 * The feature list (docs/architecture.md, "Feature folders"): every job
 * family, one line each. The job registry (src/jobs/jobKinds.ts) and the
 * protocol's JobSpec are derived from it; each family's worker runners and CLI
 * commands are found by folder (runners.ts, cli.ts) and checked against it.
 */
import type { JobsOf } from '../jobs/kindInfo';
import { exportFeature } from './export';
import { gif2gifFeature } from './gif2gif';
import { gpnnFeature } from './gpnn';
import { pyramidFeature } from './pyramid';
import { sifidFeature } from './sifid';
import { singanFeature } from './singan';

export const FEATURES = [
  pyramidFeature,
  gpnnFeature,
  sifidFeature,
  exportFeature,
  singanFeature,
  gif2gifFeature,
] as const;

/** Every job the page (or the CLI) can send the worker: one spec per kind, discriminated by `kind`. */
export type JobSpec = JobsOf<(typeof FEATURES)[number]>;
export type JobKind = JobSpec['kind'];
