/**
 * The one GPUDevice of the engine. Everything on the GPU — hand-written WGSL
 * kernels and tfjs's WebGPU backend — runs on this device, so buffers pass
 * between them without copies.
 */
export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: GPUAdapterInfo;
  /** Human-readable adapter name for the backend badge. */
  readonly adapterName: string;
  readonly features: readonly string[];
  /** A CPU renderer behind the WebGPU API (SwiftShader, lavapipe, a "fallback" adapter). */
  readonly software: boolean;
}

export class GpuUnavailableError extends Error {
  override name = 'GpuUnavailableError';
}

export function describeAdapter(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.device, info.description]
    .map((s) => (s ?? '').trim())
    .filter((s, i, all) => s.length > 0 && all.indexOf(s) === i);
  return parts.length > 0 ? parts.join(' ') : 'unknown adapter';
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i;

/**
 * Whether an adapter renders on the CPU. Chromium marks SwiftShader as
 * vendor "google", architecture "swiftshader"; newer browsers also say
 * isFallbackAdapter. Such an adapter runs WGSL at a fraction of what the
 * same CPU does through WebAssembly, so 'auto' does not use it.
 */
export function isSoftwareAdapter(info: GPUAdapterInfo, fallback = false): boolean {
  return (
    fallback ||
    (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
    SOFTWARE_RENDERERS.test(describeAdapter(info))
  );
}

/** Features the engine uses when present; none is required. */
const OPTIONAL_FEATURES = ['timestamp-query', 'shader-f16', 'subgroups'] as GPUFeatureName[];

export async function requestGpu(
  gpu: GPU | undefined = (globalThis.navigator as Navigator | undefined)?.gpu,
): Promise<GpuContext> {
  if (!gpu) throw new GpuUnavailableError('This browser does not expose WebGPU (navigator.gpu is missing).');
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new GpuUnavailableError('WebGPU is present but no GPU adapter is available.');
  const features = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f));
  const l = adapter.limits;
  // Ask for the adapter's own maxima: the patch search and tfjs both want large
  // storage bindings and big workgroup memory, and the defaults are small.
  const device = await adapter.requestDevice({
    requiredFeatures: features,
    requiredLimits: {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: l.maxComputeWorkgroupSizeY,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    },
  });
  const adapterInfo = adapter.info;
  const fallback = (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    device,
    adapterInfo,
    adapterName: describeAdapter(adapterInfo),
    features,
    software: isSoftwareAdapter(adapterInfo, fallback),
  };
}
