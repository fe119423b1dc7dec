import { useEffect, useRef } from 'react';
import type { RgbaPixels } from '../../protocol/images';

/** Shows engine pixels at their true size; CSS scales the element, `pixelated` keeps coarse levels crisp. */
export function PixelCanvas({
  pixels,
  className,
  testId,
  title,
}: {
  pixels: RgbaPixels;
  className?: string;
  testId?: string;
  title?: string;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    canvas.width = pixels.width;
    canvas.height = pixels.height;
    const data = new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height);
    canvas.getContext('2d')?.putImageData(data, 0, 0);
  }, [pixels]);
  return (
    <canvas
      ref={ref}
      className={className}
      data-testid={testId}
      title={title}
      data-height={pixels.height}
      data-width={pixels.width}
      style={{ aspectRatio: `${pixels.width} / ${pixels.height}` }}
    />
  );
}
