import { PNG } from 'pngjs';
import { vi } from 'vitest';

/**
 * Node has no OffscreenCanvas, and the studio makes its PNGs with the
 * browser's encoder: this stand-in encodes what is drawn with pngjs, so the
 * code around the encoder (recipes, zips) runs in unit tests. It has only
 * what the studio's PNG encoders call.
 */
class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

class FakeOffscreenCanvas {
  private drawn: FakeImageData | null = null;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  getContext() {
    return { putImageData: (image: FakeImageData) => void (this.drawn = image) };
  }

  async convertToBlob(): Promise<Blob> {
    const png = new PNG({ width: this.width, height: this.height });
    if (this.drawn) png.data.set(this.drawn.data);
    return new Blob([new Uint8Array(PNG.sync.write(png))], { type: 'image/png' });
  }
}

/** Installs the stand-ins until vi.unstubAllGlobals(). */
export function stubCanvas(): void {
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
  vi.stubGlobal('ImageData', FakeImageData);
}
