import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RgbImage } from '../image/rgbImage';
import { scrollingTextureVideo } from '../vgpnn/proceduralVideos';
import { videoToFrames } from '../vgpnn/video';
import { loadStemWeightsNode, randomImage } from '../../testing/metricsTestHelpers';
import { createInceptionStem, type InceptionStem } from './inceptionStem';
import { fitFrames, prepareVideoReference, scoreVideo, type VideoReference } from './videoScores';

describe('video scores', () => {
  let stem: InceptionStem;
  /** A texture scrolling 2 px right a frame, wrapping: 6 frames of 32×64, each a cyclic shift of the first. */
  let input: RgbImage[];
  let reference: VideoReference;

  beforeAll(async () => {
    await tf.setBackend('cpu');
    stem = createInceptionStem(tf, loadStemWeightsNode());
    input = videoToFrames(scrollingTextureVideo(6, 32, 64, 2));
    reference = await prepareVideoReference(stem, input);
  });
  afterAll(() => stem.dispose());

  it('score a copy ≈ 0 on every measure, with the input’s motion', async () => {
    const s = await scoreVideo(stem, reference, input);
    for (const v of [s.perFrameSifid, s.perFrameSifidWorst, s.temporalSifid, s.xtSifid, s.ytSifid, s.spaceTimeSifid])
      expect(v).toBeLessThan(1e-6);
    expect(s.meanAbsDiff).toBe(0);
    // Rightwards at about the texture's 2 px a frame (the Hann window pulls a whole-frame shift slightly short).
    expect(s.motion.dx).toBeGreaterThan(1.5);
    expect(Math.abs(s.motion.dy)).toBeLessThan(0.1);
    expect(s.motionAgreement).toBeCloseTo(1, 9);
  });

  it('see a frame shuffle in the temporal and space-time measures, several times more than in the per-frame one', async () => {
    // The same six frames (every one a shift of the same texture), played out of order.
    const shuffled = [0, 3, 1, 5, 2, 4].map((t) => input[t]);
    const s = await scoreVideo(stem, reference, shuffled);
    // Per-frame SIFID pairs frame t with input frame t, here the same texture a few px along: it barely moves.
    expect(s.perFrameSifid).toBeLessThan(15);
    for (const v of [s.temporalSifid, s.xtSifid, s.ytSifid]) expect(v).toBeGreaterThan(4 * s.perFrameSifid);
    expect(s.spaceTimeSifid).toBeCloseTo((s.xtSifid + s.ytSifid) / 2, 9);
    expect(s.meanAbsDiff).toBeGreaterThan(0.05);
  });

  it('needs two frames of the input’s size', async () => {
    await expect(scoreVideo(stem, reference, input.slice(0, 1))).rejects.toThrow(/at least 2 frames/);
    const small = [randomImage(16, 32, 1), randomImage(16, 32, 2)];
    await expect(scoreVideo(stem, reference, small)).rejects.toThrow(/expected 64×32/);
    const fitted = fitFrames(small, 32, 64);
    expect([fitted[0].height, fitted[0].width]).toEqual([32, 64]);
    expect(fitFrames(input, 32, 64)[0]).toBe(input[0]);
  });
});
