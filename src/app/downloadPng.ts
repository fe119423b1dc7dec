import type { RgbaPixels } from '../protocol/messages';

/** Saves pixels as a PNG through the browser's own encoder. */
export async function downloadPng(pixels: RgbaPixels, filename: string): Promise<void> {
  const canvas = new OffscreenCanvas(pixels.width, pixels.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas available to encode the PNG.');
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  downloadBlob(blob, filename.endsWith('.png') ? filename : `${filename}.png`);
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
  return name.replace(/\.[a-z0-9]+$/i, '').replace(/[^a-z0-9_-]+/gi, '-').replace(/^-+|-+$/g, '') || 'image';
}
