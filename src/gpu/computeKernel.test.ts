import { describe, expect, it } from 'vitest';
import { checkBindings, ComputeKernel, foldWorkgroups } from './computeKernel';

const wgsl = `
// @group(0) @binding(9) var<storage, read> commented_out: array<f32>;
@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> dst: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;
@group(0) @binding(0) var<storage, read> src4: array<vec4<f32>>;
`;

describe('checkBindings', () => {
  it('accepts names in binding order, aliases included', () => {
    expect(() => checkBindings(wgsl, ['src', 'dst', 'params'], 'k')).not.toThrow();
    expect(() => checkBindings(wgsl, ['src4', 'dst', 'params'], 'k')).not.toThrow();
  });

  it('rejects swapped, unknown or missing names', () => {
    expect(() => checkBindings(wgsl, ['dst', 'src', 'params'], 'k')).toThrow(
      /"dst" is declared as @binding\(0\), but the WGSL there has src, src4/,
    );
    expect(() => checkBindings(wgsl, ['src', 'dst', 'params', 'extra'], 'k')).toThrow(
      /@binding\(3\), but the WGSL there has nothing/,
    );
    expect(() => checkBindings(wgsl, ['src', 'dst'], 'k')).toThrow(/@binding\(2\) \(params\) has no name/);
  });
});

/** Just enough of a device and an encoder to see what encode binds and dispatches. */
function stubs() {
  const log: { entries?: GPUBindGroupEntry[]; dispatched?: number[]; code?: string } = {};
  const device = {
    limits: { maxComputeWorkgroupsPerDimension: 65535 },
    createShaderModule: (d: GPUShaderModuleDescriptor) => ((log.code = d.code), {}),
    createComputePipeline: () => ({ getBindGroupLayout: () => ({}) }),
    createBindGroup: (d: GPUBindGroupDescriptor) => ((log.entries = [...d.entries]), {}),
  } as unknown as GPUDevice;
  const pass = {
    setPipeline() {},
    setBindGroup() {},
    dispatchWorkgroups: (...xy: number[]) => (log.dispatched = xy),
    end() {},
  };
  const encoder = { beginComputePass: () => pass } as unknown as GPUCommandEncoder;
  return { device, encoder, log };
}

describe('ComputeKernel', () => {
  const buffer = (label: string) => ({ label }) as GPUBuffer;

  it('puts the generated declarations first and binds by name', () => {
    const { device, encoder, log } = stubs();
    const k = new ComputeKernel(device, {
      label: 'k',
      code: [wgsl],
      params: { wgsl: 'struct Params { a: u32, };' },
      bindings: ['src', 'dst', 'params'],
    });
    expect(log.code?.startsWith('struct Params { a: u32, };\n')).toBe(true);
    k.encode(encoder, { params: buffer('u'), src: buffer('s') }, 70000);
    expect(log.entries).toEqual([
      { binding: 2, resource: { buffer: buffer('u') } },
      { binding: 0, resource: { buffer: buffer('s') } },
    ]);
    expect(log.dispatched).toEqual([35000, 2]);
    // @ts-expect-error no such binding
    expect(() => k.encode(encoder, { source: buffer('s') }, 1)).toThrow(/no binding "source"/);
  });

  it('refuses to compile a kernel whose names disagree with the WGSL', () => {
    const { device } = stubs();
    expect(() => new ComputeKernel(device, { label: 'k', code: [wgsl], bindings: ['dst', 'src', 'params'] })).toThrow(
      /"dst"/,
    );
  });
});

describe('foldWorkgroups', () => {
  it('keeps small counts in x and splits large ones evenly', () => {
    expect(foldWorkgroups(0, 65535)).toEqual([1, 1]);
    expect(foldWorkgroups(65535, 65535)).toEqual([65535, 1]);
    expect(foldWorkgroups(65536, 65535)).toEqual([32768, 2]);
  });
});
