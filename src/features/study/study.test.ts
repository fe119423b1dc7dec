import { describe, expect, it } from 'vitest';
import { SINGAN_PRESETS } from '../../engine/singan/singanConfig';
import { PLACEMENTS } from '../../engine/singan/placements';
import type { SinganStudyJob } from './jobs';
import { checkStudyJob, studyConfig, studyModelId, studyOutput, studyOutputOf } from './studyLimits';
import { STUDY_COLUMNS, studyCsv, studyRows, type StudyMetric } from './studyTable';

const config = { ...SINGAN_PRESETS.fast, maxSize: 32, minSize: 24 };
const job = (over: Partial<SinganStudyJob> = {}): SinganStudyJob => ({
  kind: 'singan-study',
  studyId: 's1',
  name: 'valley',
  config,
  variants: ['none', 'head'],
  samples: 3,
  ...over,
});

describe('the attention study in the page', () => {
  it('trains at a quarter of the source, never above the Train task’s size', () => {
    expect(studyConfig(config, { height: 96, width: 128 }).maxSize).toBe(32);
    expect(studyConfig(config, { height: 96, width: 100 }).maxSize).toBe(25);
    expect(studyConfig({ ...config, maxSize: 20 }, { height: 400, width: 400 }).maxSize).toBe(20);
    expect(checkStudyJob(job(), { height: 128, width: 128 })).toBeNull();
    // 32×24: the shorter side is the smallest scale, so the scales do not shrink and ×4 has no step.
    expect(checkStudyJob(job(), { height: 96, width: 128 })).toContain('its scales do not shrink');
  });

  it('says what is wrong: no placement, an unknown or repeated one, samples out of range, an image too small for ×4', () => {
    const size = { height: 128, width: 128 };
    expect(checkStudyJob(job({ variants: [] }), size)).toBe('Pick at least one placement to study.');
    expect(checkStudyJob(job({ variants: ['none', 'middle'] }), size)).toContain('Unknown placement "middle"');
    expect(checkStudyJob(job({ variants: ['head', 'head'] }), size)).toContain('once');
    expect(checkStudyJob(job({ samples: 1 }), size)).toContain('diversity needs two');
    expect(checkStudyJob(job({ samples: 2.5 }), size)).toContain('whole number');
    const small = { height: 60, width: 80 };
    const quarter = studyConfig(config, small);
    expect(quarter.maxSize).toBe(20);
    expect(checkStudyJob(job({ config: quarter }), small)).toContain(
      'gives 20 px, below the smallest scale (24 px). Use an image at least 96 px',
    );
    // A job made for a larger source is refused on a smaller one (a recipe replayed elsewhere).
    expect(checkStudyJob(job(), { height: 120, width: 120 })).toContain('below the study');
  });

  it('lays every variant’s outputs out as reconstruction, samples, super-resolution, and reads them back', () => {
    const j = job({ variants: PLACEMENTS.map((p) => p.label), samples: 4 });
    const seen = new Set<number>();
    for (let v = 0; v < j.variants.length; v++) {
      const at = studyOutput(j, v);
      const outputs = [at.rec, ...[0, 1, 2, 3].map(at.sample), at.sr];
      for (const o of outputs) seen.add(o);
      expect(studyOutputOf(j, at.rec)).toEqual({ variant: v, what: 'rec', sample: -1 });
      expect(studyOutputOf(j, at.sample(2))).toEqual({ variant: v, what: 'sample', sample: 2 });
      expect(studyOutputOf(j, at.sr)).toEqual({ variant: v, what: 'sr', sample: -1 });
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 9 * 6 }, (_, i) => i));
    expect(studyModelId('abc', 'head+ff')).toBe('abc-study-head+ff');
  });

  it('tabulates each variant from the metrics, with SIFID and time over plain’s, and writes it as CSV', () => {
    const j = job();
    const m: StudyMetric[] = [];
    const put = (output: number, name: string, value: number, level: number | null = null) =>
      m.push({ output, level, name, value });
    // Plain: samples 1.0, 2.0, 3.0 → mean 2; head: 1.0 each → 0.5× plain.
    [1, 2, 3].forEach((x, i) => put(studyOutput(j, 0).sample(i), 'sifid', x));
    [1, 1, 1].forEach((x, i) => put(studyOutput(j, 1).sample(i), 'sifid', x));
    put(studyOutput(j, 0).rec, 'train-ms', 10_000);
    put(studyOutput(j, 1).rec, 'train-ms', 16_000);
    put(studyOutput(j, 0).rec, 'sifid-rec', 0.25);
    put(studyOutput(j, 1).sr, 'sr-psnr', 24.5);
    put(studyOutput(j, 1).sr, 'bicubic-psnr', 25.25);
    // A per-scale SIFID of the training is not the model's.
    put(studyOutput(j, 0).sample(0), 'sifid', 99, 2);
    const rows = studyRows(j, m);
    expect(rows.map((r) => r.name)).toEqual(['plain', 'head']);
    expect(rows[0].sifid).toBeCloseTo(2);
    expect(rows[1].sifidVsPlain).toBeCloseTo(0.5);
    expect(rows[1].timeVsPlain).toBeCloseTo(1.6);
    expect(rows[0].sifidRec).toBe(0.25);
    expect(rows[0].srPsnr).toBeNull();
    const csv = studyCsv(rows).trim().split('\n');
    expect(csv).toHaveLength(3);
    expect(csv[0].split(',')).toHaveLength(STUDY_COLUMNS.length + 1);
    const head = Object.fromEntries(csv[0].split(',').map((h, i) => [h, csv[2].split(',')[i]]));
    expect(head).toMatchObject({
      placement: 'head',
      'SR ×4 PSNR': '24.50',
      'bicubic PSNR': '25.25',
      'time × plain': '1.60',
      'SR SSIM': '',
    });
  });
});
