import { gaussianStream } from '../../engine/singan/noise';

/** Host values for the GIF → GIF kernels, identical on every backend. */

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function gaussian(n: number, seed: number, scale: number, ...parts: number[]): Float32Array {
  const g = gaussianStream(seed, 51, ...parts);
  return Float32Array.from({ length: n }, () => scale * g());
}
