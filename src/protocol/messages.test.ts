import { describe, expect, it } from 'vitest';
import { isFromWorker, transferablesOf, type FromWorker, type ToWorker } from './messages';

const pixels = () => ({ height: 2, width: 3, rgba: new Uint8ClampedArray(24).fill(7) });

describe('protocol', () => {
  it('hands over pixel buffers instead of copying them', () => {
    const scale = {
      type: 'scale' as const,
      jobId: 1,
      output: 0,
      level: 2,
      depth: 5,
      label: 'Level 2',
      pixels: pixels(),
    };
    const [buffer] = transferablesOf(scale);
    expect(buffer).toBe(scale.pixels.rgba.buffer);

    const loaded: FromWorker = {
      type: 'image-loaded',
      requestId: 4,
      slot: 'source',
      name: 'a.png',
      original: { height: 20, width: 30 },
      working: pixels(),
      downscaled: false,
    };
    expect(transferablesOf(loaded)).toEqual([loaded.working.rgba.buffer]);

    const start: ToWorker = {
      type: 'start-job',
      jobId: 3,
      job: { kind: 'pyramid', params: { ratio: 4 / 3, coarseDim: 14 } },
    };
    expect(transferablesOf(start)).toEqual([]);
  });

  it('survives structured cloning with transfer, emptying the sender’s buffer', () => {
    const msg = { type: 'scale' as const, jobId: 9, output: 0, level: 0, depth: 0, label: 'L0', pixels: pixels() };
    const received = structuredClone(msg, { transfer: transferablesOf(msg) }) as FromWorker;
    expect(received).toMatchObject({ type: 'scale', jobId: 9, pixels: { height: 2, width: 3 } });
    if (received.type !== 'scale') throw new Error('wrong type');
    expect(received.pixels.rgba[5]).toBe(7);
    expect(msg.pixels.rgba.byteLength).toBe(0); // detached: nothing was copied
  });

  it('hands over an animation’s frames once each, frame 0 being the working image itself', () => {
    const frames = [pixels(), pixels(), pixels()];
    const msg: FromWorker = {
      type: 'image-loaded',
      requestId: 5,
      slot: 'source',
      name: 'a.gif',
      original: { height: 2, width: 3 },
      working: frames[0],
      downscaled: false,
      animation: { frames, delaysMs: [100, 100, 100], totalFrames: 40 },
    };
    const transfer = transferablesOf(msg);
    expect(transfer).toEqual(frames.map((f) => f.rgba.buffer));
    const received = structuredClone<typeof msg>(msg, { transfer });
    if (received.type !== 'image-loaded' || !received.animation) throw new Error('lost the animation');
    expect(received.animation.frames[0]).toBe(received.working); // still one object: every still task reads frame 0
    expect(received.animation.frames).toHaveLength(3);
    expect(received.animation.frames[2].rgba[0]).toBe(7);
    expect(received.animation.totalFrames).toBe(40);
  });

  it('recognises engine messages and ignores foreign ones', () => {
    expect(isFromWorker({ type: 'pong', seq: 1 })).toBe(true);
    expect(isFromWorker(null)).toBe(false);
    expect(isFromWorker('ready')).toBe(false);
    expect(isFromWorker({ seq: 1 })).toBe(false);
  });
});
