/** The pyramid tool's job: the Gaussian pyramid GPNN works on, level by level. */
import type { PyramidParams } from '../../engine/pyramid/pyramidShape';

export interface PyramidJob {
  readonly kind: 'pyramid';
  readonly params: PyramidParams;
}
