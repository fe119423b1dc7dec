import * as tf from '@tensorflow/tfjs-core';

/** The backends the engine harnesses compare: tfjs-WebGPU against tfjs's CPU backend, in one page. */
export type BackendName = 'webgpu' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgpu', 'cpu'];

/** Runs f with tfjs on the given backend and always switches back, so later kernels find WebGPU active. */
export async function onBackend<T>(name: BackendName, f: () => Promise<T>): Promise<T> {
  const was = tf.getBackend();
  if (!(await tf.setBackend(name))) throw new Error(`tfjs could not switch to its ${name} backend`);
  try {
    return await f();
  } finally {
    await tf.setBackend(was);
  }
}

/** A tensor's values as a plain array (JSON for the page's answer). */
export async function read(t: tf.Tensor): Promise<number[]> {
  return Array.from((await t.data()) as Float32Array);
}
