import { validateSinganConfig, type AttentionPlacement } from '../../../engine/singan/singanConfig';
import { ANIMATION_FPS, ANIMATION_FRAMES } from '../../../engine/animation/animationLimits';
import {
  isSuperResFactor,
  SINGAN_SAMPLES,
  SINGAN_SIZE_FACTOR,
  SUPER_RES_FACTORS,
} from '../../../engine/singan/singanUseLimits';
import { singanScaleShapes } from '../../../engine/singan/singanPyramid';
import { setSettingsGroup } from '../../../app/studio';
import { setSinganConfig, setSinganPreset } from './settingsActions';
import { LoopSelect } from '../../../app/components/LoopSelect';
import { useStudio, type StudioState } from '../../../app/store';
import { ImageSlotPicker } from '../../../app/components/ImageSlotPicker';
import { NumberField } from '../../../app/components/NumberField';
import { formatSize } from '../../../engine/image/formatSize';

const PLACEMENTS: { id: AttentionPlacement; label: string }[] = [
  { id: 'none', label: 'None (plain SinGAN)' },
  { id: 'head', label: 'After the head (best in the study)' },
  { id: 'body', label: 'After the body' },
  { id: 'tail', label: 'After the tail' },
  { id: 'head+tail', label: 'Head and tail (two layers)' },
];

/** Training settings: a preset, the attention variant, and every hyper-parameter under "Advanced". */
export function SinganTrainFields({ s }: { s: StudioState }) {
  const c = s.singan.config;
  const set = setSinganConfig;
  return (
    <>
      <div className="params">
        <label className="field">
          Preset
          <select
            value={s.singan.preset}
            data-testid="singan-preset"
            onChange={(e) =>
              e.currentTarget.value !== 'custom' && setSinganPreset(e.currentTarget.value as 'fast' | 'paper')
            }
          >
            <option value="fast">Fast (minutes on a GPU, rougher)</option>
            <option value="paper">Paper (250 px, 2000 it/scale; hours)</option>
            <option value="custom" disabled>
              Custom
            </option>
          </select>
        </label>
        <label className="field">
          Axial attention
          <select
            value={c.attention}
            data-testid="singan-attention"
            onChange={(e) => set({ attention: e.currentTarget.value as AttentionPlacement })}
          >
            {PLACEMENTS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field checkbox">
          <input
            type="checkbox"
            checked={c.feedForward}
            disabled={c.attention === 'none'}
            data-testid="singan-ff"
            onChange={(e) => set({ feedForward: e.currentTarget.checked })}
          />
          Feed-forward block after attention
        </label>
      </div>
      <SlowBackendHint />
      <p className="hint" data-testid="singan-preset-note">
        {c.iterations} iterations per scale at up to {c.maxSize} px.{' '}
        {s.singan.preset === 'paper'
          ? 'The published setting: about an hour per image on a desktop GPU.'
          : 'Far fewer steps than the paper: samples are rougher, training takes minutes.'}
      </p>
      {s.source && !validateSinganConfig(c, s.source.working) && (
        <p className="hint" data-testid="singan-plan">
          {(() => {
            const shapes = singanScaleShapes(c, s.source.working.height, s.source.working.width);
            return `${shapes.length} scales: ${shapes.map(([h, w]) => formatSize(w, h)).join(' → ')} px`;
          })()}
        </p>
      )}
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="params">
          <NumberField
            label="Longest side (px)"
            value={c.maxSize}
            min={c.minSize}
            max={512}
            testId="singan-max-size"
            onChange={(v) => set({ maxSize: v })}
          />
          <NumberField
            label="Coarsest side (px)"
            value={c.minSize}
            min={8}
            max={c.maxSize}
            testId="singan-min-size"
            onChange={(v) => set({ minSize: v })}
          />
          <NumberField
            label="Scale factor"
            value={c.scaleFactor}
            step={0.01}
            min={0.5}
            max={0.95}
            testId="singan-scale-factor"
            onChange={(v) => set({ scaleFactor: v })}
          />
          <NumberField
            label="Iterations per scale"
            value={c.iterations}
            min={1}
            max={10000}
            testId="singan-iterations"
            onChange={(v) => set({ iterations: v })}
          />
          <NumberField
            label="LR ×0.1 at iteration"
            value={c.lrDropAt}
            min={0}
            max={c.iterations}
            testId="singan-lr-drop"
            title="Moves with the iterations per scale, to the preset's share of them (80%, as the paper's 1600 of 2000); set it after the iterations to choose another."
            onChange={(v) => set({ lrDropAt: v })}
          />
          <NumberField
            label="Learning rate"
            value={c.lr}
            step={0.0001}
            min={0}
            testId="singan-lr"
            onChange={(v) => set({ lr: v })}
          />
          <NumberField
            label="Adam β1"
            value={c.beta1}
            step={0.05}
            min={0}
            max={0.999}
            onChange={(v) => set({ beta1: v })}
          />
          <NumberField
            label="Adam β2"
            value={c.beta2}
            step={0.001}
            min={0}
            max={0.9999}
            onChange={(v) => set({ beta2: v })}
          />
          <NumberField
            label="D steps / iteration"
            value={c.dSteps}
            min={1}
            max={20}
            testId="singan-d-steps"
            onChange={(v) => set({ dSteps: v })}
          />
          <NumberField
            label="G steps / iteration"
            value={c.gSteps}
            min={1}
            max={20}
            testId="singan-g-steps"
            onChange={(v) => set({ gSteps: v })}
          />
          <NumberField
            label="Gradient penalty weight"
            value={c.gpWeight}
            step={0.01}
            min={0}
            onChange={(v) => set({ gpWeight: v })}
          />
          <NumberField
            label="Reconstruction weight α"
            value={c.recWeight}
            step={1}
            min={0}
            onChange={(v) => set({ recWeight: v })}
          />
          <NumberField
            label="Noise amplitude factor"
            value={c.noiseAmpFactor}
            step={0.01}
            min={0}
            onChange={(v) => set({ noiseAmpFactor: v })}
          />
          <NumberField
            label="Base channels"
            value={c.baseChannels}
            min={1}
            max={512}
            testId="singan-channels"
            onChange={(v) => set({ baseChannels: v })}
          />
          <NumberField
            label="Max channels"
            value={c.maxChannels}
            min={1}
            max={512}
            testId="singan-max-channels"
            onChange={(v) => set({ maxChannels: v })}
          />
          <NumberField
            label="Preview every (iterations)"
            value={c.previewEvery}
            min={1}
            max={10000}
            testId="singan-preview-every"
            onChange={(v) => set({ previewEvery: v })}
          />
          <NumberField label="Seed" value={c.seed} min={0} testId="singan-seed" onChange={(v) => set({ seed: v })} />
        </div>
      </details>
    </>
  );
}

/** Training is thousands of small GPU steps: on the CPU (or an emulated GPU) each is slow, and the user should know before starting. */
function SlowBackendHint() {
  // WebAssembly is the CPU too: only a hardware GPU trains in minutes.
  const slow = useStudio(
    (st) =>
      Boolean(st.engine.backend) && (st.engine.backend?.kind !== 'webgpu' || Boolean(st.engine.backend?.software)),
  );
  if (!slow) return null;
  return (
    <p className="hint hint-suggest" data-testid="singan-slow-backend">
      This engine computes on the CPU, not a GPU: SinGAN training runs at about a second per iteration even for tiny
      models, so the presets take hours. Use a browser with WebGPU on a GPU, or lower the longest side and the
      iterations under Advanced.
    </p>
  );
}

/** Settings of the tasks that use a trained model (the model is picked under Models). */
export function SinganUseFields({ s }: { s: StudioState }) {
  const model = useStudio((st) => st.models?.find((m) => m.id === st.selectedModelId) ?? null);
  const scales = model?.scalesDone ?? 0;
  const header = (
    <p className="hint" data-testid="singan-model-used">
      {model
        ? `Model: ${model.name} (${model.scalesDone}/${model.scales} scales)`
        : 'No model yet: train one, or import one under Models.'}
    </p>
  );
  const g = s.singan;
  switch (s.task) {
    case 'singan-sample':
      return (
        <>
          {header}
          <div className="params">
            <NumberField
              label="Samples"
              value={g.sample.count}
              min={SINGAN_SAMPLES.min}
              max={SINGAN_SAMPLES.max}
              testId="singan-samples"
              onChange={(v) => setSettingsGroup('singan', 'sample', { count: v })}
            />
            <NumberField
              label="First seed"
              value={g.sample.baseSeed}
              min={0}
              testId="singan-sample-seed"
              onChange={(v) => setSettingsGroup('singan', 'sample', { baseSeed: v })}
            />
            <NumberField
              label="Height ×"
              value={g.sample.heightFactor}
              step={0.25}
              min={SINGAN_SIZE_FACTOR.min}
              max={SINGAN_SIZE_FACTOR.max}
              testId="singan-height-factor"
              onChange={(v) => setSettingsGroup('singan', 'sample', { heightFactor: v })}
            />
            <NumberField
              label="Width ×"
              value={g.sample.widthFactor}
              step={0.25}
              min={SINGAN_SIZE_FACTOR.min}
              max={SINGAN_SIZE_FACTOR.max}
              testId="singan-width-factor"
              onChange={(v) => setSettingsGroup('singan', 'sample', { widthFactor: v })}
            />
          </div>
        </>
      );
    case 'singan-superres':
      return (
        <>
          {header}
          <label className="field">
            Factor
            <select
              value={g.superres.factor}
              data-testid="singan-sr-factor"
              onChange={(e) => {
                const factor = Number(e.currentTarget.value);
                if (isSuperResFactor(factor)) setSettingsGroup('singan', 'superres', { factor });
              }}
            >
              {SUPER_RES_FACTORS.map((f) => (
                <option key={f} value={f}>
                  ×{f}
                </option>
              ))}
            </select>
          </label>
          <p className="hint">
            As the SinGAN paper does it: the training image is upsampled by about the pyramid&apos;s factor and refined
            by the finest generator, step after step, until it is that many times larger.
          </p>
        </>
      );
    case 'singan-inject':
      return (
        <>
          {header}
          <ImageSlotPicker slot="structure" label="Image to inject (painting, edit, paste-in)" />
          <div className="params">
            <NumberField
              label={`Inject at scale (1–${Math.max(1, scales - 1)})`}
              value={g.inject.startScale}
              min={1}
              max={Math.max(1, scales - 1)}
              testId="singan-inject-scale"
              title="Coarse scales repaint more (paint-to-image); fine scales keep more of your image (harmonisation, editing)."
              onChange={(v) => setSettingsGroup('singan', 'inject', { startScale: v })}
            />
            <NumberField
              label="Seed"
              value={g.inject.seed}
              min={0}
              testId="singan-inject-seed"
              onChange={(v) => setSettingsGroup('singan', 'inject', { seed: v })}
            />
          </div>
        </>
      );
    case 'singan-animate':
      return (
        <>
          {header}
          <div className="params">
            <NumberField
              label="Frames"
              value={g.animate.frames}
              min={ANIMATION_FRAMES.min}
              max={ANIMATION_FRAMES.max}
              testId="singan-anim-frames"
              onChange={(v) => setSettingsGroup('singan', 'animate', { frames: v })}
            />
            <NumberField
              label="Frames per second"
              value={g.animate.fps}
              min={ANIMATION_FPS.min}
              max={ANIMATION_FPS.max}
              testId="singan-anim-fps"
              onChange={(v) => setSettingsGroup('singan', 'animate', { fps: v })}
            />
            <NumberField
              label="β (memory of the walk)"
              value={g.animate.beta}
              step={0.01}
              min={0}
              max={0.99}
              testId="singan-anim-beta"
              onChange={(v) => setSettingsGroup('singan', 'animate', { beta: v })}
            />
            <NumberField
              label={`Start scale (0–${Math.max(0, scales - 1)})`}
              value={g.animate.startScale}
              min={0}
              max={Math.max(0, scales - 1)}
              testId="singan-anim-scale"
              onChange={(v) => setSettingsGroup('singan', 'animate', { startScale: v })}
            />
            <NumberField
              label="Seed"
              value={g.animate.seed}
              min={0}
              testId="singan-anim-seed"
              onChange={(v) => setSettingsGroup('singan', 'animate', { seed: v })}
            />
            <LoopSelect
              value={g.animate.loop}
              testId="singan-anim-loop"
              onChange={(v) => setSettingsGroup('singan', 'animate', { loop: v })}
            />
          </div>
        </>
      );
    default:
      return null;
  }
}
