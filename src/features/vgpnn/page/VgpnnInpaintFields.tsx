import { ANIMATION_FPS } from '../../../engine/animation/animationLimits';
import { setSettings } from '../../../app/studio';
import { useStudio, type SourceImage, type StudioState } from '../../../app/store';
import { MaskEditor } from '../../../app/components/MaskEditor';
import { NumberField } from '../../../app/components/NumberField';
import { LoopSelect } from '../../../app/components/LoopSelect';
import { framesSizeWords, MaxSideNoiseVoting, SamplesAndSeed } from './SharedFields';

/**
 * GIF → GIF inpainting with Patches: the hole is painted over the source's
 * first frame (the canvas beside the output) and filled on every frame.
 */
export function VgpnnInpaintFields({ s }: { s: StudioState }) {
  const v = s.vgpnn;
  const set = (patch: Partial<typeof v>) => setSettings('vgpnn', patch);
  const frames = s.source?.animation?.frames.length ?? 0;
  const working = s.source?.working;
  return (
    <>
      <p className="hint" data-testid="vgpnn-inpaint-source">
        {frames >= 2 && working
          ? `Paint the hole on the first frame beside the output (a rough colour steers the fill): it is the same region on all ${frames} frames (${framesSizeWords(working, v.maxSide)}) and is filled, in motion, from the rest of the GIF. Outside the hole and a patch-wide band around it, nothing changes.`
          : 'Load an animated GIF (or animated WebP/APNG) as the source, then paint the hole to fill on its first frame.'}
      </p>
      <div className="params">
        <SamplesAndSeed
          v={v}
          set={set}
          prefix="vgpnn-inpaint"
          label="Fills"
          title="One fill per seed: seed, seed + 1, …"
        />
        <NumberField
          label="Frames per second"
          value={v.fps}
          min={ANIMATION_FPS.min}
          max={ANIMATION_FPS.max}
          testId="vgpnn-inpaint-fps"
          onChange={(fps) => set({ fps })}
        />
        <LoopSelect value={v.loop} testId="vgpnn-inpaint-loop" onChange={(loop) => set({ loop })} />
      </div>
      <details className="advanced">
        <summary>Advanced</summary>
        <div className="params">
          <MaxSideNoiseVoting
            v={v}
            set={set}
            prefix="vgpnn-inpaint"
            maxSideTitle="The frames (and the hole) are shrunk to fit this on their longer side."
            sigma={{
              label: 'Noise σ (in the hole)',
              step: 0.25,
              title:
                'Noise added inside the hole at the coarsest level (values 0–1), so each seed fills it differently. 0: one fill, whatever the seed. Alpha is 1 and the coarsest size follows the hole, as in still inpainting.',
            }}
          />
        </div>
      </details>
    </>
  );
}

/** The hole, painted over the source's first frame: the still inpainting's mask, shared with it. */
export function VideoHoleEditor({ source }: { readonly source: SourceImage }) {
  const mask = useStudio((s) => s.masks.inpaint);
  return (
    <MaskEditor
      image={source.working}
      value={mask}
      onChange={(m) => setSettings('masks', { inpaint: m })}
      tools={['hole', 'colour']}
      testId="vgpnn-inpaint-mask"
    />
  );
}
