import { expect, test, type Page } from '@playwright/test';
import { decompressFrames, parseGIF } from 'gifuct-js';
import { composeGifFrames } from '../src/engine/gif/composeGifFrames';
import type { StudioWindow } from '../src/app/testHooks';
import { encodeTestGif, movingObjectFrames, waterfallFrames } from '../scripts/make-test-gifs';
import { dropFile, maxAbsDiff, openStudio, testPicture } from './support';

/**
 * An animated GIF opens as a frame sequence (decoded in the worker by
 * WebCodecs' ImageDecoder in Chromium): the source panel shows its frames,
 * their count and delay; long files are trimmed to 32 frames with a notice;
 * a one-frame GIF and a PNG open as stills, as before. The GIFs are made on
 * the fly from the studio's example image (scripts/make-test-gifs.ts).
 */

const gifBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** The frames as a GIF decoder shows them, composed here in Node (gifuct-js): what the page must hold. */
function expectedFrames(gif: Uint8Array): Uint8ClampedArray[] {
  const parsed = parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength) as ArrayBuffer);
  return composeGifFrames(parsed.lsd.width, parsed.lsd.height, decompressFrames(parsed, true));
}

/** The source's frames as the store holds them, as plain arrays; null for a still. */
const sourceFrames = (page: Page) =>
  page.evaluate(() => {
    const source = (globalThis as StudioWindow).__studio.state().source;
    const animation = source?.animation;
    if (!source || !animation) return null;
    return {
      frames: animation.frames.map((f) => ({ height: f.height, width: f.width, rgba: Array.from(f.rgba) })),
      delaysMs: [...animation.delaysMs],
      totalFrames: animation.totalFrames,
      firstIsWorking: animation.frames[0] === source.working,
    };
  });

async function expectNotice(page: Page, level: string, text: RegExp): Promise<void> {
  await expect(page.locator(`[data-testid=notice][data-level=${level}]`).filter({ hasText: text })).toBeVisible();
}

test('a dropped animated GIF shows its frames, their count and delay, decoded exactly; the first frame is the source', async ({
  page,
}) => {
  await openStudio(page, '?example=none');
  // This Chromium decodes with WebCodecs' ImageDecoder; the gifuct-js fallback's composing is unit-tested (composeGifFrames.test.ts).
  expect(await page.evaluate(() => typeof ImageDecoder)).toBe('function');
  const gif = encodeTestGif(waterfallFrames({ frames: 5 }), { delayMs: 120 });
  await dropFile(page, gifBuffer(gif), 'waterfall.gif', 'image/gif');
  await expect(page.getByTestId('source-caption')).toContainText('waterfall.gif');
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-count', '5');
  await expect(page.getByTestId('source-frame')).toHaveCount(5);
  await expect(page.getByTestId('source-frame-count')).toHaveText('5 frames');
  await expect(page.getByTestId('source-frame-delay')).toHaveText('120 ms per frame (8.3 fps)');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '32');

  const got = (await sourceFrames(page))!;
  expect(got.firstIsWorking).toBe(true);
  expect(got.delaysMs).toEqual([120, 120, 120, 120, 120]);
  expect(got.totalFrames).toBe(5);
  const want = expectedFrames(gif);
  got.frames.forEach((f, i) => {
    expect([f.height, f.width]).toEqual([32, 32]);
    expect(maxAbsDiff(f.rgba, want[i]), `frame ${i}`).toBe(0);
  });
});

test('frames stored as changed rectangles are composed into whole frames', async ({ page }) => {
  await openStudio(page, '?example=none');
  const frames = movingObjectFrames({ frames: 6, step: 3 });
  const gif = encodeTestGif(frames, { subRectangles: true });
  await dropFile(page, gifBuffer(gif), 'moving.gif', 'image/gif');
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-count', '6');
  await expect(page.getByTestId('source-frame-delay')).toHaveText('100 ms per frame (10 fps)');
  const got = (await sourceFrames(page))!;
  // The same frames stored whole, decoded in Node: the page's must match them pixel for pixel.
  const want = expectedFrames(encodeTestGif(frames));
  got.frames.forEach((f, i) => {
    expect([f.height, f.width]).toEqual([32, 32]);
    expect(maxAbsDiff(f.rgba, want[i]), `frame ${i}`).toBe(0);
  });
});

test('a 40-frame GIF is trimmed to its first 32 frames, with a notice; the frames come back after a reload', async ({
  page,
}) => {
  await openStudio(page, '?example=none');
  const gif = encodeTestGif(waterfallFrames({ frames: 40, step: 1 }));
  await dropFile(page, gifBuffer(gif), 'long.gif', 'image/gif');
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-count', '32');
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-total', '40');
  await expect(page.getByTestId('source-frame-count')).toHaveText('32 of 40 frames');
  await expectNotice(page, 'warning', /“long\.gif” has 40 frames; the studio uses the first 32/);
  const want = expectedFrames(gif);
  const got = (await sourceFrames(page))!;
  expect(got.frames).toHaveLength(32);
  expect(maxAbsDiff(got.frames[31].rgba, want[31])).toBe(0);

  // The session keeps the file itself, so the reloaded studio decodes the same frames again.
  await page.reload();
  await expect(page.getByTestId('source-caption')).toContainText('long.gif', { timeout: 180_000 });
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-count', '32');
  expect(maxAbsDiff((await sourceFrames(page))!.frames[31].rgba, want[31])).toBe(0);
});

test('a one-frame GIF and a PNG open as stills, as before; an animation too small is refused like a still', async ({
  page,
}) => {
  await openStudio(page, '?example=none');
  const gif = encodeTestGif(waterfallFrames({ frames: 1 }));
  await dropFile(page, gifBuffer(gif), 'single.gif', 'image/gif');
  await expect(page.getByTestId('source-caption')).toContainText('single.gif');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '32');
  await expect(page.getByTestId('source-frames')).toHaveCount(0);
  expect(await sourceFrames(page)).toBeNull();

  await dropFile(
    page,
    gifBuffer(encodeTestGif(waterfallFrames({ size: 16, frames: 3, step: 2 }))),
    'tiny.gif',
    'image/gif',
  );
  await expectNotice(page, 'error', /“tiny\.gif” is only 16×16 px; the shorter side needs at least 32 px/);
  await expect(page.getByTestId('source-caption')).toContainText('single.gif');

  // Replacing an animation with a still drops the frames.
  await dropFile(page, gifBuffer(encodeTestGif(waterfallFrames({ frames: 4 }))), 'four.gif', 'image/gif');
  await expect(page.getByTestId('source-frames')).toHaveAttribute('data-count', '4');
  await dropFile(page, testPicture(40, 36), 'still.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('still.png');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-width', '40');
  await expect(page.getByTestId('source-canvas')).toHaveAttribute('data-height', '36');
  await expect(page.getByTestId('source-frames')).toHaveCount(0);
  expect(await sourceFrames(page)).toBeNull();
});
