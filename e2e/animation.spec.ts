import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { unzipSync } from 'fflate';
import { decompressFrames, parseGIF } from 'gifuct-js';
import { PNG } from 'pngjs';
import { dropFile, openStudio, testPicture } from './support';

/** GPNN animation in the real page: frames stream into the player, then export as GIF and as a zip of PNGs. */
test('GPNN animation: frames stream into the player, play and scrub, export a GIF and a PNG zip with progress and size', async ({
  page,
}) => {
  test.setTimeout(900_000);
  await openStudio(page, '?example=none');
  await dropFile(page, testPicture(40, 32), 'anim.png', 'image/png');
  await expect(page.getByTestId('source-caption')).toContainText('anim.png');
  await page.getByTestId('task-gpnn-animate').click();
  await page.getByTestId('anim-frames').fill('0');
  await expect(page.getByTestId('param-error')).toContainText('from 2 to 240');
  await expect(page.getByTestId('run-job')).toBeDisabled();
  await page.getByTestId('anim-frames').fill('4');
  await page.getByTestId('anim-fps-param').fill('4');
  await page.getByTestId('anim-loop').selectOption('pingpong');
  await page.getByTestId('param-nn').selectOption('patchmatch');
  await page.getByTestId('param-iterations').fill('2');
  await page.getByTestId('run-job').click();
  await expect(page.getByTestId('anim-frame-0')).toBeVisible({ timeout: 600_000 });
  await expect(page.getByTestId('result').first()).toHaveAttribute('data-status', 'done', { timeout: 600_000 });
  await expect(page.getByTestId('anim-status')).toContainText('4/4 frames');
  await expect(page.getByTestId('anim-status')).toContainText('flicker');

  // Scrub with the keyboard, then play: the frame index moves on its own.
  await page.getByTestId('anim-scrubber').focus();
  await page.keyboard.press('End');
  await expect(page.getByTestId('anim-scrubber')).toHaveValue('3');
  await page.getByTestId('anim-play').click();
  await expect.poll(async () => page.getByTestId('anim-scrubber').inputValue(), { timeout: 600_000 }).not.toBe('3');
  await page.getByTestId('anim-play').click();

  await page.getByTestId('export-gif').click();
  await expect(page.getByTestId('export-size')).toContainText(/\.gif · [\d.]+ KB/, { timeout: 600_000 });
  const [gifDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(gifDownload.suggestedFilename()).toBe('anim-gpnn-animation-4f.gif');
  const gif = readFileSync(await gifDownload.path());
  const frames = decompressFrames(parseGIF(gif.buffer.slice(gif.byteOffset, gif.byteOffset + gif.byteLength)), true);
  // Ping-pong of 4 frames plays 0 1 2 3 2 1.
  expect(frames.length).toBe(6);
  for (const f of frames) {
    expect([f.dims.width, f.dims.height]).toEqual([40, 32]);
    expect(f.delay).toBe(250);
  }
  const differs = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a.some((v, i) => v !== b[i]);
  expect(differs(frames[0].patch, frames[1].patch)).toBe(true);

  await page.getByTestId('export-zip').click();
  await expect(page.getByTestId('export-size')).toContainText('.zip', { timeout: 600_000 });
  const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  expect(zipDownload.suggestedFilename()).toBe('anim-gpnn-animation-4f-frames.zip');
  const files = unzipSync(new Uint8Array(readFileSync(await zipDownload.path())));
  const names = Object.keys(files).sort();
  expect(names).toEqual(['frame-0001.png', 'frame-0002.png', 'frame-0003.png', 'frame-0004.png']);
  const png = PNG.sync.read(Buffer.from(files['frame-0001.png']));
  expect([png.width, png.height]).toEqual([40, 32]);
});
