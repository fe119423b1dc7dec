// Input checks at the metrics boundary: images reach the metrics from workers
// and jobs as plain objects, so their shape is re-checked before any tensor or
// index arithmetic depends on it.

import { CHANNELS, type RgbImage } from '../image/rgbImage';
import { formatSize } from '../image/formatSize';

export function assertRgbImage(image: RgbImage, what: string): void {
  const { height, width, data } = image;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new RangeError(`${what}: invalid size ${formatSize(width, height)}`);
  }
  if (!(data instanceof Float32Array) || data.length !== height * width * CHANNELS) {
    throw new RangeError(
      `${what}: ${data?.length} values for a ${formatSize(width, height)} RGB image (expected ${height * width * CHANNELS})`,
    );
  }
}
