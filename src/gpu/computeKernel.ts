/**
 * A compiled WGSL compute pipeline plus the dispatch bookkeeping every kernel
 * repeats: assembling the source, binding resources by name and 2-D folding
 * of large dispatches (WebGPU caps each dimension at maxComputeWorkgroupsPerDimension).
 */
export interface KernelSpec<B extends string> {
  readonly label: string;
  /** WGSL has no #include: shared preludes come first, then the kernel's own file. */
  readonly code: readonly string[];
  /** Generated `struct Params` and constants (uniformLayout.ts), put before `code`. */
  readonly params?: { readonly wgsl: string };
  /** The names of @group(0)'s resources; the i-th is @binding(i). */
  readonly bindings: readonly B[];
  readonly entryPoint?: string;
}

export class ComputeKernel<B extends string = string> {
  readonly pipeline: GPUComputePipeline;
  readonly label: string;
  private readonly bindings: readonly B[];

  constructor(
    readonly device: GPUDevice,
    spec: KernelSpec<B>,
  ) {
    const code = [spec.params?.wgsl ?? '', ...spec.code].join('\n');
    checkBindings(code, spec.bindings, spec.label);
    this.label = spec.label;
    this.bindings = spec.bindings;
    const module = device.createShaderModule({ label: spec.label, code });
    this.pipeline = device.createComputePipeline({
      label: spec.label,
      layout: 'auto',
      compute: { module, entryPoint: spec.entryPoint ?? 'main' },
    });
  }

  /**
   * Records one dispatch. Pass exactly the resources this entry point uses:
   * the 'auto' layout drops the ones it never touches, and binding those is a
   * validation error.
   */
  encode(encoder: GPUCommandEncoder, bound: { readonly [K in B]?: GPUBuffer }, workgroups: number): void {
    const entries: GPUBindGroupEntry[] = [];
    for (const [name, buffer] of Object.entries<GPUBuffer | undefined>(bound)) {
      const binding = this.bindings.indexOf(name as B);
      if (binding < 0) throw new RangeError(`${this.label} has no binding "${name}"`);
      if (buffer) entries.push({ binding, resource: { buffer } });
    }
    const bindGroup = this.device.createBindGroup({ layout: this.pipeline.getBindGroupLayout(0), entries });
    const pass = encoder.beginComputePass({ label: this.label });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y] = foldWorkgroups(workgroups, this.device.limits.maxComputeWorkgroupsPerDimension);
    pass.dispatchWorkgroups(x, y);
    pass.end();
  }
}

/**
 * Throws unless every @group(0) @binding(i) of the WGSL declares a variable
 * named bindings[i] (aliases under other names may share the slot) and every
 * declared name exists: two buffers of one type bound to each other's slots
 * would not fail validation, only give wrong results.
 */
export function checkBindings(code: string, bindings: readonly string[], label: string): void {
  const source = code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const declared = /@group\(\s*0\s*\)\s*@binding\(\s*(\d+)\s*\)\s*var(?:<[^>]*>)?\s+([A-Za-z_]\w*)/g;
  const names = new Map<number, string[]>();
  for (const [, index, name] of source.matchAll(declared)) {
    const i = Number(index);
    names.set(i, [...(names.get(i) ?? []), name]);
  }
  for (const [i, inWgsl] of names) {
    if (i >= bindings.length)
      throw new Error(`${label}: @binding(${i}) (${inWgsl.join(', ')}) has no name in the kernel's bindings`);
  }
  bindings.forEach((name, i) => {
    if (!names.get(i)?.includes(name)) {
      throw new Error(
        `${label}: binding "${name}" is declared as @binding(${i}), but the WGSL there has ${names.get(i)?.join(', ') ?? 'nothing'}`,
      );
    }
  });
}

/** Splits a flat workgroup count into (x, y) with x ≤ max; kernels rebuild the flat index from num_workgroups. */
export function foldWorkgroups(count: number, max: number): [number, number] {
  if (count <= max) return [Math.max(1, count), 1];
  const y = Math.ceil(count / max);
  return [Math.ceil(count / y), y];
}

/** Kernels are compiled once per device; device loss makes a new device and so a new cache. */
export function kernelCache<F extends Record<string, (device: GPUDevice) => ComputeKernel<string>>>(
  factories: F,
): <K extends keyof F>(device: GPUDevice, name: K) => ReturnType<F[K]> {
  const caches = new WeakMap<GPUDevice, Map<keyof F, ComputeKernel<string>>>();
  return (device, name) => {
    let cache = caches.get(device);
    if (!cache) caches.set(device, (cache = new Map<keyof F, ComputeKernel<string>>()));
    let kernel = cache.get(name);
    if (!kernel) cache.set(name, (kernel = factories[name](device)));
    return kernel as ReturnType<F[typeof name]>;
  };
}
