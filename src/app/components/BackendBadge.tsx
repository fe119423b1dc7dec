import { switchBackend } from '../studio';
import { useStudio } from '../store';

export function BackendBadge() {
  const engine = useStudio((s) => s.engine);
  const b = engine.backend;
  if (engine.status === 'failed') return <span className="badge badge-error" data-testid="backend-badge" data-kind="none">Engine failed to start</span>;
  if (!b || engine.status !== 'ready') {
    return (
      <span className="badge badge-pending" data-testid="backend-badge" data-kind="pending">
        {engine.status === 'restarting' ? 'Engine restarting…' : 'Starting engine…'}
      </span>
    );
  }
  const label = b.kind === 'webgpu' ? `WebGPU · ${b.adapter}` : `CPU fallback · tfjs ${b.tfBackend}`;
  const title =
    b.kind === 'webgpu'
      ? `WGSL kernels and tfjs (${b.tfBackend}) share one GPU device. Features: ${b.features.join(', ') || 'none'}`
      : `WebGPU is not in use: ${b.fallbackReason ?? 'unknown reason'}`;
  return (
    <span className="badge-row">
      <span className={`badge ${b.kind === 'webgpu' ? 'badge-gpu' : 'badge-cpu'}`} data-testid="backend-badge" data-kind={b.kind} title={title}>
        {label}
      </span>
      <button type="button" className="link" data-testid="switch-backend" onClick={() => switchBackend(b.kind === 'webgpu')}>
        {b.kind === 'webgpu' ? 'Use CPU' : 'Try WebGPU'}
      </button>
    </span>
  );
}
