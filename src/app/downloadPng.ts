import type { RgbaPixels } from '../protocol/images';

/** PNG bytes of pixels, from the browser's own encoder. */
export async function encodePng(pixels: RgbaPixels): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available to encode the PNG.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  return new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
}

/** Saves PNG bytes under `filename`, adding the extension when it lacks one. */
export function downloadPng(png: Uint8Array, filename: string): void {
  downloadBlob(
    new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }),
    filename.endsWith('.png') ? filename : `${filename}.png`,
  );
}

/** Hands a file made in the page or the worker to the browser's download. */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function safeFileStem(name: string): string {
  return (
    name
      .replace(/\.[a-z0-9]+$/i, '')
      .replace(/[^a-z0-9_-]+/gi, '-')
      .replace(/^-+|-+$/g, '') || 'image'
  );
}
