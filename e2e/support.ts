import { expect, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { rgbaToRgb, rgbToRgba, type RgbImage } from '../src/engine/image/rgbImage';

/** A PNG made in the test process, so the expected pixels are known exactly. */
export function makePng(width: number, height: number, f: (y: number, x: number) => [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = f(y, x);
      const i = (y * width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** A smooth but structured test picture: gradients plus a few hard edges. */
export function testPicture(width: number, height: number): Buffer {
  return makePng(width, height, (y, x) => [
    Math.round(255 * (x / (width - 1))),
    Math.round(255 * (y / (height - 1))),
    (x * 7 + y * 13) % 64 < 32 ? 40 : 220,
  ]);
}

export function decodePng(bytes: Buffer): RgbImage {
  const png = PNG.sync.read(bytes);
  return rgbaToRgb(png.data, png.height, png.width);
}

export { rgbToRgba };

/**
 * The engine's heartbeat deadline in the tests: far above any pause a loaded
 * machine causes, so only a truly silent worker is replaced. The heartbeat's
 * own test asks for a short one.
 */
export const TEST_HEARTBEAT_TIMEOUT_MS = 180_000;

/** Sets the heartbeat deadline for every later load of this page (reloads included). */
export async function injectHeartbeat(page: Page, ms = TEST_HEARTBEAT_TIMEOUT_MS): Promise<void> {
  await page.addInitScript(
    (v) => ((globalThis as { __studioHeartbeatTimeoutMs?: number }).__studioHeartbeatTimeoutMs = v),
    ms,
  );
}

/**
 * Opens the studio. On these machines 'auto' would pick WebAssembly (the only
 * WebGPU adapter is SwiftShader); the page specs are about the WebGPU path
 * unless their query names another backend (e2e/wasm.spec.ts does).
 */
export async function openStudio(
  page: Page,
  query = '',
  heartbeatTimeoutMs = TEST_HEARTBEAT_TIMEOUT_MS,
): Promise<void> {
  await injectHeartbeat(page, heartbeatTimeoutMs);
  await page.goto(`/${withBackend(query)}`);
  await expect(page.getByTestId('backend-badge')).not.toHaveAttribute('data-kind', 'pending', { timeout: 180_000 });
}

export function withBackend(query: string, backend = 'webgpu'): string {
  if (/[?&]backend=/.test(query)) return query;
  return query ? `${query}&backend=${backend}` : `?backend=${backend}`;
}

export async function dropFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ b64, name, type }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      for (const kind of ['dragenter', 'dragover', 'drop']) {
        document.body.dispatchEvent(new DragEvent(kind, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    },
    { b64: bytes.toString('base64'), name, type },
  );
}

export async function pasteFile(page: Page, bytes: Buffer, name: string, type: string): Promise<void> {
  await page.evaluate(
    ({ b64, name, type }) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], name, { type }));
      document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    },
    { b64: bytes.toString('base64'), name, type },
  );
}

export async function chooseFile(page: Page, bytes: Buffer, name: string, mimeType: string): Promise<void> {
  await page.getByTestId('file-input').setInputFiles({ name, mimeType, buffer: bytes });
}

export interface ScaleSnapshot {
  level: number;
  height: number;
  width: number;
  rgba: number[];
}

/** The scales of the newest run, as plain arrays. */
export async function runScales(
  page: Page,
): Promise<{ status: string; depth: number | null; scales: ScaleSnapshot[] }> {
  return page.evaluate(() => {
    type S = {
      runs: {
        status: string;
        depth: number | null;
        scales: { level: number; pixels: { height: number; width: number; rgba: Uint8ClampedArray } }[];
      }[];
    };
    const s = (globalThis as unknown as { __studio: { state(): S } }).__studio.state();
    const run = s.runs[0];
    return {
      status: run.status,
      depth: run.depth,
      scales: run.scales.map((v) => ({
        level: v.level,
        height: v.pixels.height,
        width: v.pixels.width,
        rgba: Array.from(v.pixels.rgba),
      })),
    };
  });
}

export async function sourceName(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const s = (
      globalThis as unknown as { __studio: { state(): { source: { name: string } | null } } }
    ).__studio.state();
    return s.source?.name ?? null;
  });
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Pixels of the current working image, as plain RGBA numbers. */
export async function workingPixels(page: Page): Promise<{ height: number; width: number; rgba: number[] }> {
  return page.evaluate(() => {
    type W = { source: { working: { height: number; width: number; rgba: Uint8ClampedArray } } | null };
    const s = (globalThis as unknown as { __studio: { state(): W } }).__studio.state();
    if (!s.source) throw new Error('no source image');
    const w = s.source.working;
    return { height: w.height, width: w.width, rgba: Array.from(w.rgba) };
  });
}

/** Inserts an EXIF APP1 segment carrying only an Orientation tag right after the JPEG's SOI marker. */
export function withExifOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([
    0x4d,
    0x4d,
    0x00,
    0x2a,
    0x00,
    0x00,
    0x00,
    0x08, // big-endian TIFF header, IFD0 at 8
    0x00,
    0x01, // one entry
    0x01,
    0x12,
    0x00,
    0x03,
    0x00,
    0x00,
    0x00,
    0x01,
    0x00,
    orientation,
    0x00,
    0x00, // Orientation, SHORT, 1
    0x00,
    0x00,
    0x00,
    0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

/** Types a number into the field with this test id. */
export async function fill(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
}

/**
 * SinGAN's Advanced settings at the e2e suite's tiny size (32 px, one D and
 * one G step, 4-channel nets): a training of a few iterations per scale
 * finishes in seconds. Opens the Advanced section of the form in view.
 */
export async function tinySinganSettings(page: Page, iterations: number, previewEvery?: number): Promise<void> {
  await page.locator('details.advanced summary').click();
  await fill(page, 'singan-max-size', 32);
  await fill(page, 'singan-min-size', 24);
  await fill(page, 'singan-d-steps', 1);
  await fill(page, 'singan-g-steps', 1);
  await fill(page, 'singan-iterations', iterations);
  await fill(page, 'singan-lr-drop', iterations);
  await fill(page, 'singan-channels', 4);
  await fill(page, 'singan-max-channels', 8);
  if (previewEvery !== undefined) await fill(page, 'singan-preview-every', previewEvery);
}
