import type * as tfc from '@tensorflow/tfjs-core';

/** The tfjs namespace, passed in so engine code does not pick a backend or bundle. */
export type Tf = typeof tfc;
export type { tfc };

/** A net's tensors by parameter name (trainable weights and BatchNorm running statistics). */
export type NetWeights = Record<string, tfc.Tensor>;
