import { describe, expect, it } from 'vitest';
import { SINGAN_PRESETS } from './singanConfig';
import {
  badSuperResFactor,
  checkSuperResFactor,
  checkSuperResInput,
  isSuperResFactor,
  SINGAN_MAX_OUTPUT_SIDE,
  SUPER_RES_FACTORS,
  superResTrainedShape,
} from './singanUseLimits';

describe('super-resolution limits', () => {
  it('offers ×2, ×4 and ×8 and refuses any other factor in one message', () => {
    expect(SUPER_RES_FACTORS).toEqual([2, 4, 8]);
    for (const f of [2, 4, 8]) {
      expect(isSuperResFactor(f)).toBe(true);
      expect(checkSuperResFactor([32, 40], f)).toBeNull();
    }
    for (const f of [3, 1, 0, -2, 16, 2.5, Number.NaN]) {
      expect(isSuperResFactor(f)).toBe(false);
      expect(checkSuperResFactor([32, 40], f)).toBe(`Super-resolution factor must be 2, 4 or 8 (got ${f}).`);
    }
    expect(badSuperResFactor(3)).toBe('Super-resolution factor must be 2, 4 or 8 (got 3).');
    expect(isSuperResFactor('2')).toBe(false);
  });

  it('refuses an output larger than the largest SinGAN output, saying how large it would be', () => {
    expect(SINGAN_MAX_OUTPUT_SIDE).toBe(1024);
    expect(checkSuperResFactor([96, 128], 8)).toBeNull();
    expect(checkSuperResFactor([96, 129], 8)).toBe(
      'Super-resolution ×8 of 129×96 would be 1032×768, larger than 1024 px a side; pick a smaller factor or a model trained smaller.',
    );
    expect(checkSuperResFactor([250, 188], 4)).toBeNull();
    expect(checkSuperResFactor([188, 300], 4)).toMatch(/×4 of 300×188 would be 1200×752, larger than 1024 px a side/);
  });

  it('measures the output from the finest finished scale, not the image as it was given', () => {
    // The fast preset trains a 256×192 image at 128×96 (maxSize 128).
    const model = { config: SINGAN_PRESETS.fast, imageShape: [192, 256] as const, scalesDone: 5 };
    const full = superResTrainedShape({ ...model, scalesDone: 99 });
    expect(full).toEqual([96, 128]);
    expect(checkSuperResFactor(full, 8)).toBeNull();
    // A model stopped part-way upsamples its finest finished scale.
    const part = superResTrainedShape({ ...model, scalesDone: 2 });
    expect(part[0]).toBeLessThan(96);
    expect(part[1] / part[0]).toBeCloseTo(128 / 96, 1);
  });

  it('takes only the image the model was trained on as the input', () => {
    expect(checkSuperResInput([32, 40], [32, 40])).toBeNull();
    expect(checkSuperResInput([32, 40], [40, 32])).toBe(
      'Super-resolution starts from the image the model was trained on, 40×32; the image given is 32×40.',
    );
  });
});
