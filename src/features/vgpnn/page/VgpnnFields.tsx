import { ANIMATION_FPS } from '../../../engine/animation/animationLimits';
import { DEFAULT_VGPNN } from '../../../engine/vgpnn/vgpnnParams';
import { setSettings } from '../../../app/studio';
import type { StudioState } from '../../../app/store';
import { NumberField } from '../../../app/components/NumberField';
import { LoopSelect } from '../../../app/components/LoopSelect';
import { VGPNN_SCALE, vgpnnFrameRange } from '..';
import { framesSizeWords, MaxSideNoiseVoting, SamplesAndSeed } from './SharedFields';
import { GifEngineChoice } from './EngineChoice';

/** GIF → GIF with Patches: VGPNN's settings for new animations of the source's frames. */
export function VgpnnFields({ s }: { s: StudioState }) {
  const v = s.vgpnn;
  const set = (patch: Partial<typeof v>) => setSettings('vgpnn', patch);
  const frames = s.source?.animation?.frames.length ?? 0;
  const range = vgpnnFrameRange(Math.max(frames, 1));
  const working = s.source?.working;
  const [pt, ph, pw] = DEFAULT_VGPNN.patch;
  return (
    <>
      <GifEngineChoice s={s} />
      <p className="hint" data-testid="vgpnn-source">
        {frames >= 2 && working
          ? `Remakes the source’s ${frames} frames (${framesSizeWords(working, v.maxSide)}) from its own ${pt}×${ph}×${pw} space-time patches: nothing to train.`
          : 'Load an animated GIF (or animated WebP/APNG) as the source: new animations are made of its own space-time patches.'}
      </p>
      <div className="params">
        <SamplesAndSeed
          v={v}
          set={set}
          prefix="vgpnn"
          label="Samples"
          title="One animation per seed: seed, seed + 1, …"
        />
        <NumberField
          label="Frames (0: as the source)"
          value={v.frames}
          min={0}
          max={range.max}
          testId="vgpnn-frames"
          title={`Frames of each animation, ${VGPNN_SCALE.min}× to ${VGPNN_SCALE.max}× the source’s. As long as the source stays in step with it; another length varies more.`}
          onChange={(f) => set({ frames: f })}
        />
        <NumberField
          label="Height ×"
          value={v.height}
          step={0.25}
          min={VGPNN_SCALE.min}
          max={VGPNN_SCALE.max}
          testId="vgpnn-height"
          title="The output’s height over the source’s: a taller or shorter scene, not a stretched one."
          onChange={(height) => set({ height })}
        />
        <NumberField
          label="Width ×"
          value={v.width}
          step={0.25}
          min={VGPNN_SCALE.min}
          max={VGPNN_SCALE.max}
          testId="vgpnn-width"
          title="The output’s width over the source’s: a wider or narrower scene, not a stretched one."
          onChange={(width) => set({ width })}
        />
        <NumberField
          label="Frames per second"
          value={v.fps}
          min={ANIMATION_FPS.min}
          max={ANIMATION_FPS.max}
          testId="vgpnn-fps"
          onChange={(fps) => set({ fps })}
        />
        <LoopSelect
          value={v.seamless ? 'loop' : v.loop}
          testId="vgpnn-loop"
          disabled={v.seamless}
          onChange={(loop) => set({ loop })}
        />
        <label
          className="field checkbox"
          title="Made so the last frame flows into the first, as any frame into the next: for GIFs shared as loops. Motion that only goes one way (an object crossing the frame) may be traded for a loop that moves less."
        >
          <input
            type="checkbox"
            checked={v.seamless}
            data-testid="vgpnn-seamless"
            onChange={(e) => set({ seamless: e.currentTarget.checked })}
          />
          Seamless loop
        </label>
      </div>
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="params">
          <MaxSideNoiseVoting
            v={v}
            set={set}
            prefix="vgpnn"
            maxSideTitle="The source’s frames are shrunk to fit this on their longer side. Up to about half a minute a sample the search is exact (its time grows with the fourth power of this side); above, space-time PatchMatch."
            sigma={{
              label: 'Noise σ',
              step: 0.5,
              title:
                'Noise added to the coarsest level (values 0–1). The default 1.75 lets each seed rearrange the source’s patches while keeping its coarse layout; higher (the official code’s 2.5) drowns it, lower may come back as the source, which is then redrawn.',
            }}
          />
          <label
            className="field checkbox"
            title="Off (the official generation): the plain nearest neighbour. On: every source patch is pushed to appear, by alpha."
          >
            <input
              type="checkbox"
              checked={v.completeness}
              data-testid="vgpnn-completeness"
              onChange={(e) => set({ completeness: e.currentTarget.checked })}
            />
            Completeness
          </label>
          <NumberField
            label="Alpha (completeness)"
            value={v.alpha}
            step={0.005}
            min={0}
            testId="vgpnn-alpha"
            disabled={!v.completeness}
            title="Small: every source patch is pushed to appear. Large: close to the plain nearest neighbour."
            onChange={(alpha) => set({ alpha })}
          />
        </div>
      </details>
    </>
  );
}
