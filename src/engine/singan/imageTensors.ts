import { createRgbImage, type RgbImage } from '../image/rgbImage';
import type { Tf, tfc } from './tfTypes';

/** [1,H,W,3] in SinGAN's [−1, 1] range (the public code's norm()). */
export function imageToTensor(tf: Tf, image: RgbImage): tfc.Tensor4D {
  return tf.tidy(() => tf.sub<tfc.Tensor4D>(tf.mul(tf.tensor4d(image.data, [1, image.height, image.width, 3]), 2), 1));
}

/** Back to [0, 1], clamped, read asynchronously (a GPU sync must not block the worker's event loop). */
export async function tensorToImage(tf: Tf, x: tfc.Tensor4D): Promise<RgbImage> {
  const [, h, w] = x.shape;
  const y = tf.tidy(() => tf.clipByValue(tf.div(tf.add(x, 1), 2), 0, 1));
  try {
    const data = (await y.data()) as Float32Array;
    // A copy: on the CPU backend data() hands out the tensor's own storage.
    return createRgbImage(h, w, data.slice());
  } finally {
    y.dispose();
  }
}

export function noiseTensor(tf: Tf, data: Float32Array, height: number, width: number): tfc.Tensor4D {
  return tf.tensor4d(data, [1, height, width, 3]);
}

/**
 * Between scales: bilinear with half-pixel centres (the public code uses
 * bicubic imresize by 1/factor and crops; going straight to the next
 * scale's shape avoids the crop).
 */
export function resizeTensor(tf: Tf, x: tfc.Tensor4D, height: number, width: number): tfc.Tensor4D {
  if (x.shape[1] === height && x.shape[2] === width) return tf.clone(x);
  return tf.image.resizeBilinear(x, [height, width], false, true);
}
