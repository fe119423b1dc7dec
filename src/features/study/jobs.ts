/** The attention study's job: several SinGAN variants trained one after another on the source, then scored side by side. */
import type { SinganConfig } from '../../engine/singan/singanConfig';

export interface SinganStudyJob {
  readonly kind: 'singan-study';
  /** Each variant's model is stored as studyModelId(studyId, label): the same job again skips or resumes them. */
  readonly studyId: string;
  /** The source image's name, for the models' names. */
  readonly name: string;
  /** Every variant's training settings, attention and feed-forward aside; maxSize is a quarter of the source's longer side or less. */
  readonly config: SinganConfig;
  /** The variants' labels (PLACEMENTS), in the order they train. */
  readonly variants: readonly string[];
  /** Samples per variant (seeds 1…samples), for SIFID, diversity and mean |Δ|. */
  readonly samples: number;
}
