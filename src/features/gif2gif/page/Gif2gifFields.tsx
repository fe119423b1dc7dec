import { ANIMATION_FPS, ANIMATION_FRAMES } from '../../../engine/animation/animationLimits';
import {
  MAX_SEQUENCE_HIDDEN,
  MAX_SEQUENCE_MOTION,
  SEQUENCE_VARIANTS,
  type SequenceVariant,
} from '../../../engine/gif2gif/sequenceConfig';
import { setSettingsGroup } from '../../../app/studio';
import { useStudio, type StudioState } from '../../../app/store';
import { NumberField } from '../../../app/components/NumberField';
import { LoopSelect } from '../../../app/components/LoopSelect';
import { SinganTrainFields } from '../../singan/page/forms';
import { GifEngineChoice } from '../../vgpnn/page/forms';
import { formatSize } from '../../../engine/image/formatSize';

// Short enough to show whole in the select; the note below it says what the chosen one does.
const VARIANT_LABELS: Readonly<Record<SequenceVariant, string>> = {
  batch: 'a. Frames as a batch',
  'noise-lstm': 'b. Sequence noise',
  'one-to-many': 'c. One-to-many',
};

const VARIANT_NOTES: Readonly<Record<SequenceVariant, string>> = {
  batch: 'The baseline: independent noise per frame, good frames, no motion.',
  'noise-lstm': 'A ConvLSTM runs over the noise, so each frame’s noise depends on the earlier ones; the study’s best.',
  'one-to-many': 'Frame 1 as SinGAN; the later frames unroll from the one before through the ConvLSTM.',
};

/** Training on the source's frames: the sequencer and, below, SinGAN's own settings. */
export function Gif2gifTrainFields({ s }: { s: StudioState }) {
  const q = s.gif2gif.sequence;
  const frames = s.source?.animation?.frames.length ?? 0;
  return (
    <>
      <GifEngineChoice s={s} />
      <p className="hint" data-testid="gif2gif-frames">
        {frames >= 2
          ? `Trains on the source’s ${frames} frames (${formatSize(s.source!.working.width, s.source!.working.height)} px each).`
          : 'Load an animated GIF (or animated WebP/APNG) as the source: this task learns its motion.'}
      </p>
      <div className="params">
        <label className="field">
          Sequence model
          <select
            value={q.variant}
            data-testid="gif2gif-variant"
            onChange={(e) =>
              setSettingsGroup('gif2gif', 'sequence', { variant: e.currentTarget.value as SequenceVariant })
            }
          >
            {SEQUENCE_VARIANTS.map((v) => (
              <option key={v} value={v}>
                {VARIANT_LABELS[v]}
              </option>
            ))}
          </select>
        </label>
        <p className="hint" data-testid="gif2gif-variant-note">
          {VARIANT_NOTES[q.variant]}
        </p>
        <NumberField
          label="ConvLSTM channels"
          value={q.hidden}
          min={1}
          max={MAX_SEQUENCE_HIDDEN}
          testId="gif2gif-hidden"
          disabled={q.variant === 'batch'}
          onChange={(v) => setSettingsGroup('gif2gif', 'sequence', { hidden: v })}
        />
        <NumberField
          label="Frames per chunk"
          value={q.chunk}
          min={1}
          max={32}
          testId="gif2gif-chunk"
          title="Training runs the sequence this many frames at a time (truncated back-propagation through time): memory grows with this, not with the number of frames."
          onChange={(v) => setSettingsGroup('gif2gif', 'sequence', { chunk: v })}
        />
        <NumberField
          label="Motion range (px)"
          value={q.motion}
          min={0}
          max={MAX_SEQUENCE_MOTION}
          testId="gif2gif-motion"
          disabled={q.variant === 'batch'}
          title="How far content may move from one frame to the next at the coarsest scale, in its pixels: the coarsest frame is the one before moved by a learned per-pixel mix of shifts up to this far, plus what G adds. 0: no motion head (G alone changes each frame)."
          onChange={(v) => setSettingsGroup('gif2gif', 'sequence', { motion: v })}
        />
      </div>
      <SinganTrainFields s={s} />
    </>
  );
}

/** A new animation from the model picked under Models. */
export function Gif2gifGenerateFields({ s }: { s: StudioState }) {
  const model = useStudio((st) => st.models?.find((m) => m.id === st.selectedModelId) ?? null);
  const g = s.gif2gif.generate;
  return (
    <>
      <GifEngineChoice s={s} />
      <p className="hint" data-testid="gif2gif-model-used">
        {model?.sequence
          ? `Model: ${model.name} (${model.sequence.variant}, ${model.sequence.frames} frames, ${model.scalesDone}/${model.scales} scales)`
          : model
            ? `${model.name} was trained on a still image: pick a GIF → GIF model under Models.`
            : 'No model yet: train one on a GIF, or import one under Models.'}
      </p>
      <div className="params">
        <NumberField
          label="Frames"
          value={g.frames}
          min={ANIMATION_FRAMES.min}
          max={ANIMATION_FRAMES.max}
          testId="gif2gif-gen-frames"
          onChange={(v) => setSettingsGroup('gif2gif', 'generate', { frames: v })}
        />
        <NumberField
          label="Frames per second"
          value={g.fps}
          min={ANIMATION_FPS.min}
          max={ANIMATION_FPS.max}
          testId="gif2gif-gen-fps"
          onChange={(v) => setSettingsGroup('gif2gif', 'generate', { fps: v })}
        />
        <NumberField
          label="Seed"
          value={g.seed}
          min={0}
          testId="gif2gif-gen-seed"
          onChange={(v) => setSettingsGroup('gif2gif', 'generate', { seed: v })}
        />
        <LoopSelect
          value={g.loop}
          testId="gif2gif-gen-loop"
          onChange={(v) => setSettingsGroup('gif2gif', 'generate', { loop: v })}
        />
        <NumberField
          label={`Vary from scale (0–${Math.max(0, (model?.scalesDone ?? 1) - 1)})`}
          value={g.startScale}
          min={0}
          max={Math.max(0, (model?.scalesDone ?? 1) - 1)}
          testId="gif2gif-gen-scale"
          onChange={(v) => setSettingsGroup('gif2gif', 'generate', { startScale: v })}
        />
        <label
          className="field checkbox"
          title="The generated sequence played backwards, so the motion runs the other way (the sequencers only run forward in time)."
        >
          <input
            type="checkbox"
            checked={g.reverse}
            data-testid="gif2gif-gen-reverse"
            onChange={(e) => setSettingsGroup('gif2gif', 'generate', { reverse: e.currentTarget.checked })}
          />
          Reverse
        </label>
      </div>
      <p className="hint">
        Longer than the source works: the recurrence runs on. Reverse plays the generated sequence backwards, so its
        motion runs the other way. Vary from scale 1 or more keeps the source's layout and motion at the coarser scales
        and draws only the finer ones anew (fewer changes, the source's motion kept); 0 draws everything anew.
      </p>
    </>
  );
}
