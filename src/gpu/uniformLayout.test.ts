import { describe, expect, it } from 'vitest';
import { shaderParams } from './uniformLayout';

const mixed = shaderParams({
  params: { count: 'u32', scale: 'f32', offset: 'i32', flag: 'u32', gain: 'f32' },
  consts: { WG: ['u32', 64], NONE: ['u32', 0xffffffff], BIAS: ['i32', -3], HALF: ['f32', 0.5] },
});

describe('shaderParams', () => {
  it('generates the WGSL struct and constants in declaration order', () => {
    expect(mixed.wgsl).toBe(
      [
        'struct Params {',
        '  count: u32,',
        '  scale: f32,',
        '  offset: i32,',
        '  flag: u32,',
        '  gain: f32,',
        '};',
        'const WG: u32 = 64;',
        'const NONE: u32 = 4294967295;',
        'const BIAS: i32 = -3;',
        'const HALF: f32 = 0.5;',
        '',
      ].join('\n'),
    );
    expect(mixed.consts).toEqual({ WG: 64, NONE: 0xffffffff, BIAS: -3, HALF: 0.5 });
  });

  it('places scalars at consecutive 4-byte offsets and pads the buffer to 16 bytes', () => {
    expect(mixed.offsets).toEqual({ count: 0, scale: 4, offset: 8, flag: 12, gain: 16 });
    expect(mixed.byteSize).toBe(32);
    expect(shaderParams({ params: { a: 'u32' } }).byteSize).toBe(16);
    expect(shaderParams({ params: { a: 'u32', b: 'u32', c: 'u32', d: 'f32' } }).byteSize).toBe(16);
    expect(shaderParams({ params: { a: 'u32', b: 'u32', c: 'u32', d: 'f32', e: 'u32' } }).byteSize).toBe(32);
  });

  it('packs each field at its offset, little-endian, booleans as 1 / 0', () => {
    const data = mixed.pack({ count: 0xfffffffe, scale: 0.1, offset: -7, flag: true, gain: -Infinity });
    expect(data.byteLength).toBe(32);
    const view = new DataView(data);
    expect(view.getUint32(0, true)).toBe(0xfffffffe);
    expect(view.getFloat32(4, true)).toBe(Math.fround(0.1));
    expect(view.getInt32(8, true)).toBe(-7);
    expect(view.getUint32(12, true)).toBe(1);
    expect(view.getFloat32(16, true)).toBe(-Infinity);
    expect(Array.from(new Uint32Array(data, 20))).toEqual([0, 0, 0]);
    expect(new Uint32Array(mixed.pack({ count: 1, scale: 0, offset: 0, flag: false, gain: 0 }))[3]).toBe(0);
  });

  it('packs what the hand-written packers wrote (resample_axis as it was)', () => {
    const resample = shaderParams({
      params: {
        in_h: 'u32',
        in_w: 'u32',
        out_h: 'u32',
        out_w: 'u32',
        axis: 'u32',
        filter_kind: 'u32',
        sigma: 'f32',
        radius: 'f32',
      },
    });
    const old = new ArrayBuffer(32);
    new Uint32Array(old).set([7, 9, 7, 1, 1, 0]);
    new Float32Array(old).set([2.3, 6.9], 6);
    const got = resample.pack({
      in_h: 7,
      in_w: 9,
      out_h: 7,
      out_w: 1,
      axis: 1,
      filter_kind: 0,
      sigma: 2.3,
      radius: 6.9,
    });
    expect(new Uint8Array(got)).toEqual(new Uint8Array(old));
  });

  it('rejects a missing or unknown field at compile time and at run time', () => {
    const p = shaderParams({ params: { a: 'u32', b: 'f32' } });
    // @ts-expect-error b is missing
    expect(() => p.pack({ a: 1 })).toThrow(/"b" is missing/);
    // @ts-expect-error c is not a field (a misspelt b)
    expect(() => p.pack({ a: 1, c: 2 })).toThrow(/no field "c"/);
    const extra = { a: 1, b: 2, c: 3 };
    expect(() => p.pack(extra)).toThrow(/no field "c"/);
    // @ts-expect-error f32 takes no boolean
    expect(() => p.pack({ a: 1, b: true })).toThrow(TypeError);
  });

  it('rejects values the type cannot hold instead of wrapping them', () => {
    const p = shaderParams({ params: { u: 'u32', i: 'i32', f: 'f32' } });
    expect(() => p.pack({ u: -1, i: 0, f: 0 })).toThrow(/u: -1 is not a u32/);
    expect(() => p.pack({ u: 2 ** 32, i: 0, f: 0 })).toThrow(/not a u32/);
    expect(() => p.pack({ u: 1.5, i: 0, f: 0 })).toThrow(/not a u32/);
    expect(() => p.pack({ u: 0, i: 2 ** 31, f: 0 })).toThrow(/not a i32/);
    expect(() => p.pack({ u: 0, i: 0, f: NaN })).toThrow(/NaN/);
    expect(new Int32Array(p.pack({ u: 0, i: -(2 ** 31), f: 0 }))[1]).toBe(-(2 ** 31));
  });

  it('rejects declarations WGSL could not compile', () => {
    expect(() => shaderParams({ params: {} })).toThrow(/at least one field/);
    expect(() => shaderParams({ params: { 'bad-name': 'u32' } })).toThrow(/not a WGSL identifier/);
    expect(() => shaderParams({ params: { __x: 'u32' } })).toThrow(/not a WGSL identifier/);
    // @ts-expect-error vectors are not supported
    expect(() => shaderParams({ params: { v: 'vec4<f32>' } })).toThrow(/unsupported type/);
    expect(() => shaderParams({ params: { a: 'u32' }, consts: { N: ['u32', -1] } })).toThrow(/not a u32/);
    expect(() => shaderParams({ params: { a: 'u32' }, consts: { BIG: ['f32', Infinity] } })).toThrow(/no literal/);
  });
});
