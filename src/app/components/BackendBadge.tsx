import { BACKEND_CHOICES, BACKEND_NAMES, isBackendChoice, type BackendInfo } from '../../protocol/messages';
import { switchBackend } from '../studio';
import { useStudio } from '../store';

function label(b: BackendInfo): string {
  if (b.kind === 'webgpu') return `WebGPU · ${b.adapter}`;
  if (b.kind === 'wasm')
    return `CPU · WebAssembly · ${b.features.includes('simd') ? 'SIMD' : 'no SIMD'}, ${b.threads ?? 1} thread${b.threads === 1 ? '' : 's'}`;
  return `CPU fallback · tfjs ${b.tfBackend}`;
}

function explanation(b: BackendInfo): string {
  if (b.kind === 'webgpu')
    return `WGSL kernels and tfjs (${b.tfBackend}) share one GPU device. Features: ${b.features.join(', ') || 'none'}`;
  const why = `WebGPU is not in use: ${b.fallbackReason ?? 'unknown reason'}`;
  return b.kind === 'wasm' ? `${why} tfjs runs on WebAssembly (XNNPACK); GPNN's search runs on the CPU.` : why;
}

export function BackendBadge() {
  const engine = useStudio((s) => s.engine);
  const b = engine.backend;
  if (engine.status === 'failed')
    return (
      <span className="badge badge-error" data-testid="backend-badge" data-kind="none">
        Engine failed to start
      </span>
    );
  if (!b || engine.status !== 'ready') {
    return (
      <span className="badge badge-pending" data-testid="backend-badge" data-kind="pending">
        {engine.status === 'restarting' ? 'Engine restarting…' : 'Starting engine…'}
      </span>
    );
  }
  return (
    <span className="badge-row">
      <span
        className={`badge ${b.kind === 'webgpu' ? 'badge-gpu' : 'badge-cpu'}`}
        data-testid="backend-badge"
        data-kind={b.kind}
        title={explanation(b)}
      >
        {label(b)}
      </span>
      <label className="backend-choice">
        <span className="visually-hidden">Compute backend</span>
        <select
          data-testid="backend-choice"
          value={engine.choice}
          title="Where the engine computes. Automatic takes a hardware GPU when there is one, else WebAssembly."
          onChange={(e) => {
            if (isBackendChoice(e.target.value)) switchBackend(e.target.value);
          }}
        >
          {BACKEND_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c === 'auto' ? 'Automatic' : BACKEND_NAMES[c]}
            </option>
          ))}
        </select>
      </label>
    </span>
  );
}
