import type { ImageOps } from './imageOps';
import { applyResampleSteps, gaussianDownscale, resampleAxis, resizeLinear } from './resample';

/** ImageOps on the CPU: the reference implementations, used when WebGPU is unavailable. */
export const cpuImageOps: ImageOps = {
  kind: 'cpu',
  resampleAxis: async (src, axis, outLen, filter) => resampleAxis(src, axis, outLen, filter),
  resample: async (src, steps) => (steps.length === 0 ? src : applyResampleSteps(src, steps)),
  gaussianDownscale: async (src, h, w) => (h === src.height && w === src.width ? src : gaussianDownscale(src, h, w)),
  resize: async (src, h, w) => resizeLinear(src, h, w),
};
