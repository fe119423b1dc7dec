import { attentionKernels } from './kernels/attentionKernels';
import { benchKernels } from './kernels/benchKernels';
import { gif2gifKernels } from './kernels/gif2gifKernels';
import { imageKernels } from './kernels/imageKernels';
import { patchKernels } from './kernels/patchKernels';
import { patchMatchKernels } from './kernels/patchMatchKernels';
import { singanKernels } from './kernels/singanKernels';

/**
 * Every GPU kernel (or kernel chain) the e2e tests compare with a CPU
 * reference, by name. Inputs and outputs are JSON; the CPU side runs in the
 * test process. Each family of kernels lives in its own file under kernels/.
 */
export const harnessKernels = {
  ...imageKernels,
  ...patchKernels,
  ...patchMatchKernels,
  ...benchKernels,
  ...attentionKernels,
  ...singanKernels,
  ...gif2gifKernels,
};

export type HarnessKernel = keyof typeof harnessKernels;
