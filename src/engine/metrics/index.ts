// Public surface of the metrics engine (pure: no DOM, no fetch, no fs).

export { diversity } from './diversity';
export {
  frechetDistance,
  frechetDistanceToReference,
  gaussianStats,
  prepareFrechetReference,
  type FrechetReference,
  type GaussianStats,
} from './frechet';
export { assertStemInput, createInceptionStem, StemInputError, type InceptionStem, type Tf } from './inceptionStem';
export {
  parseInceptionStemWeights,
  StemWeightsError,
  type InceptionStemWeights,
  type StemManifest,
} from './inceptionStemWeights';
export { prepareSifidReference, sifid, sifidToReference, stemFeatureStats, type SifidReference } from './sifid';
export { STEM_FEATURE_CHANNELS, STEM_MIN_INPUT_SIZE, stemOutputSize } from './stemArchitecture';
