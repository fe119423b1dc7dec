import type { AxialCore } from '../attention/axialCore';
import { noiseTensor, resizeTensor } from './imageTensors';
import { EVAL } from './layers';
import type { SinganModel } from './singanModel';
import { generatorForward } from './singanNet';
import type { ScaleShape } from './singanPyramid';
import type { Tf, tfc } from './tfTypes';

/**
 * One frozen generator step (eval-mode BatchNorm): the previous scale's
 * output (null at the start: zeros) resized to `shape`, plus amp·noise
 * (null: no noise). The caller owns the result; `prevOut` is not disposed.
 */
export function generatorStep(
  tf: Tf,
  model: SinganModel,
  scale: number,
  prevOut: tfc.Tensor4D | null,
  shape: ScaleShape,
  noise: Float32Array | null,
  core: AxialCore,
): tfc.Tensor4D {
  const [h, w] = shape;
  const s = model.scales[scale];
  return tf.tidy(() => {
    const prev = prevOut ? resizeTensor(tf, prevOut, h, w) : tf.zeros<tfc.Rank.R4>([1, h, w, 3]);
    const z = noise ? tf.mul<tfc.Tensor4D>(noiseTensor(tf, noise, h, w), s.noiseAmp) : tf.zerosLike<tfc.Tensor4D>(prev);
    return generatorForward(tf, model.config, s.g.tensors, z, prev, EVAL, core);
  });
}

/**
 * Frozen generators from..to (inclusive), each fed the previous output; the
 * noise for each scale comes from `noiseAt` (null: none). Synchronous: used
 * inside training iterations. Returns the output at `to` (caller owns).
 */
export function runChain(
  tf: Tf,
  model: SinganModel,
  from: number,
  to: number,
  start: tfc.Tensor4D | null,
  shapes: readonly ScaleShape[],
  noiseAt: (scale: number, shape: ScaleShape) => Float32Array | null,
  core: AxialCore,
): tfc.Tensor4D {
  let cur = start;
  for (let s = from; s <= to; s++) {
    const next = generatorStep(tf, model, s, cur, shapes[s], noiseAt(s, shapes[s]), core);
    if (cur && cur !== start) cur.dispose();
    cur = next;
  }
  if (cur === null) throw new RangeError('runChain needs at least one scale or a start image');
  return cur === start ? tf.clone(start) : cur;
}

/** z* at the coarsest scale, zeros above: the reconstruction's noise. */
export function reconstructionNoise(model: Pick<SinganModel, 'zStar'>): (scale: number) => Float32Array | null {
  return (scale) => (scale === 0 ? model.zStar : null);
}
