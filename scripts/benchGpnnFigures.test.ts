import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gpnnFiguresOptions } from './benchGpnnFigures';

describe('gpnn-figures options', () => {
  it('defaults to the shipped examples, whose sheets may be committed', () => {
    const o = gpnnFiguresOptions({}, 'bench/results');
    expect(o.images.map((p) => p.split('/').slice(-2).join('/'))).toEqual([
      'examples/valley.png',
      'examples/coast.png',
    ]);
    expect(o).toMatchObject({ height: 0, nn: 'patchmatch', committable: true });
    expect(o.dir).toBe(join('bench/results', 'gpnn-figures-valley-coast-full-patchmatch'));
  });

  it('keeps any other image’s sheets out of git, and refuses bad flags', () => {
    const o = gpnnFiguresOptions(
      { 'figure-images': '../shared/data/places50/5.jpg,public/examples/coast.png', 'figure-height': '128' },
      'out',
    );
    expect(o.committable).toBe(false);
    expect(o.images[0]).toBe(resolve('../shared/data/places50/5.jpg'));
    expect(o.dir).toBe(join('out', 'gpnn-figures-5-coast-128-patchmatch'));
    expect(() => gpnnFiguresOptions({ 'figure-images': 'a.png' }, 'out')).toThrow('two images');
    expect(() => gpnnFiguresOptions({ 'figure-height': '-1' }, 'out')).toThrow('whole number');
    expect(() => gpnnFiguresOptions({ 'figure-nn': 'auto' }, 'out')).toThrow('exact or patchmatch');
  });
});
