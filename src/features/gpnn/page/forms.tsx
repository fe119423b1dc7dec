/**
 * GPNN's forms in the task panel, and the editors its tasks draw over the
 * source image (masks to paint, a region to move); found by
 * src/app/taskForms.ts.
 */
import { ANIMATION_FPS, ANIMATION_FRAMES } from '../../../engine/animation/animationLimits';
import {
  COLLAGE_ALPHA,
  ANALOGY_ALPHA,
  ANALOGY_COARSE_DIM,
  EDIT_ALPHA,
  INPAINT_ALPHA,
  MAX_SAMPLES,
  RETARGET_ALPHA,
  RETARGET_FACTOR_RANGE,
  type CollageBlend,
} from '../../../engine/gpnn/gpnnTask';
import { pyramidDepth } from '../../../engine/pyramid/pyramidShape';
import { formatSize } from '../../../engine/image/formatSize';
import { COLLAGE_SLOTS } from '../../../protocol/images';
import { ImageSlotPicker } from '../../../app/components/ImageSlotPicker';
import { LoopSelect } from '../../../app/components/LoopSelect';
import { NumberField } from '../../../app/components/NumberField';
import { MaskEditor, type MaskToolId } from '../../../app/components/MaskEditor';
import { REGION_KEYS_HINT, RegionMover } from '../../../app/components/RegionMover';
import { setSettings } from '../../../app/studio';
import { useStudio, type SourceImage, type StudioState } from '../../../app/store';
import type { FeatureForms } from '../../../app/taskForms';
import type { TasksOf } from '../../../jobs/kindInfo';
import type { gpnnFeature } from '..';
import { retargetSize } from '../tasks';
import { GpnnFields } from './GpnnFields';

/** The coarsest level's noise: samples and animations both start from it. */
function SigmaField({ sigma }: { readonly sigma: number }) {
  return (
    <NumberField
      label="Noise sigma"
      value={sigma}
      step={0.05}
      min={0}
      max={10}
      testId="param-sigma"
      onChange={(v) => setSettings('gpnn', { sigma: v })}
    />
  );
}

function GpnnSampleForm({ s }: { readonly s: StudioState }) {
  return (
    <>
      <div className="params">
        <NumberField
          label="Samples"
          value={s.sampling.count}
          min={1}
          max={MAX_SAMPLES}
          testId="param-samples"
          onChange={(v) => setSettings('sampling', { count: v })}
        />
        <NumberField
          label="First seed"
          value={s.sampling.baseSeed}
          min={0}
          testId="param-seed"
          onChange={(v) => setSettings('sampling', { baseSeed: v })}
        />
        <SigmaField sigma={s.gpnn.sigma} />
      </div>
      <GpnnFields s={s} fineAlpha />
    </>
  );
}

function GpnnRetargetForm({ s }: { readonly s: StudioState }) {
  const size = retargetSize(s);
  return (
    <>
      <div className="params">
        <NumberField
          label="Height ×"
          value={s.retarget.heightFactor}
          step={0.05}
          min={RETARGET_FACTOR_RANGE[0]}
          max={RETARGET_FACTOR_RANGE[1]}
          testId="param-height-factor"
          onChange={(v) => setSettings('retarget', { heightFactor: v })}
        />
        <NumberField
          label="Width ×"
          value={s.retarget.widthFactor}
          step={0.05}
          min={RETARGET_FACTOR_RANGE[0]}
          max={RETARGET_FACTOR_RANGE[1]}
          testId="param-width-factor"
          onChange={(v) => setSettings('retarget', { widthFactor: v })}
        />
      </div>
      {size && (
        <p className="hint" data-testid="retarget-size">
          Output {formatSize(size.width, size.height)} px
        </p>
      )}
      <p className="hint">
        Optional: on the image beside the output, paint objects to keep (each comes out whole, once, at its own size) or
        regions to remove. Paint a few pixels past an object’s edge, not much more: everything painted keep is kept as
        it is, background included.
      </p>
      <GpnnFields
        s={s}
        alpha={{
          value: s.retarget.alpha,
          onChange: (v) => setSettings('retarget', { alpha: v }),
          title: `Retargeting's own completeness (default ${RETARGET_ALPHA}): smaller pushes every patch in but smears where the new size cannot hold them all. Kept regions are placed whole, at their own size, whatever the alpha.`,
        }}
      />
    </>
  );
}

function GpnnInpaintForm({ s }: { readonly s: StudioState }) {
  return (
    <>
      <p className="hint">
        Paint the hole on the image beside the output; optionally a rough colour to steer the fill. Only the hole and a
        patch-wide band around it change; the rest of the picture stays as it is. Alpha is 1 and the coarsest size
        follows the hole.
      </p>
      <GpnnFields
        s={s}
        alpha={{
          value: INPAINT_ALPHA,
          title:
            "Inpainting runs at alpha 1, the paper's inpainting setting: the hole is filled from its nearest patches.",
        }}
      />
    </>
  );
}

function GpnnAnalogyForm({ s }: { readonly s: StudioState }) {
  return (
    <>
      <p className="hint">The output takes the structure image's layout and size, made only of the source's patches.</p>
      <ImageSlotPicker slot="structure" label="Structure image" />
      <GpnnFields
        s={s}
        alpha={{
          value: s.analogy.alpha,
          onChange: (v) => setSettings('analogy', { alpha: v }),
          title: `The analogy's own completeness (default ${ANALOGY_ALPHA}): the paper's 0.005 spends every content patch once and rebuilds the content's own layout; larger lets the structure's patches pick their own matches.`,
        }}
        coarseDim={{
          value: s.analogy.coarseDim,
          onChange: (v) => setSettings('analogy', { coarseDim: v }),
          title: `The analogy's own coarsest side (default ${ANALOGY_COARSE_DIM} px). At 14 px a 7 px patch spans half the picture and the content's layout wins; larger lets the structure lead, smaller keeps more of the content.`,
        }}
      />
    </>
  );
}

function GpnnEditForm({ s }: { readonly s: StudioState }) {
  const depth = s.source ? pyramidDepth(s.source.working.height, s.source.working.width, s.gpnn) : 0;
  return (
    <>
      <p className="hint">
        On the image beside the output, drag to select a region, then drag the region to its new place.
      </p>
      <div className="params">
        <NumberField
          label={`Start scale (0–${depth})`}
          value={Math.min(s.edit.startLevel, depth)}
          min={0}
          max={depth}
          testId="param-start-level"
          title="Coarser starts change more around the edit; finer starts keep more of the rest."
          onChange={(v) => setSettings('edit', { startLevel: v })}
        />
      </div>
      <GpnnFields
        s={s}
        alpha={{
          value: s.edit.alpha,
          onChange: (v) => setSettings('edit', { alpha: v }),
          title: `Editing's own completeness (default ${EDIT_ALPHA}): the paper's 0.005 spends a pasted copy's patches where they came from and rebuilds the copy away; larger keeps it and blends its seams.`,
        }}
      />
    </>
  );
}

function GpnnCollageForm({ s }: { readonly s: StudioState }) {
  return (
    <>
      <p className="hint">The source comes first; these follow it left to right, scaled to its height.</p>
      {COLLAGE_SLOTS.map((slot, i) => (
        <ImageSlotPicker key={slot} slot={slot} label={`Collage image ${i + 2}`} />
      ))}
      <div className="params">
        <label
          className="field"
          title="Whole pictures: rebuilt from the coarsest scale, so the pictures can flow into each other and the seam can move (on pictures with nothing in common a haze can form along it). Seam only: each picture is kept as it is and only the seam between them is rebuilt."
        >
          Blend
          <select
            value={s.collage.blend}
            data-testid="collage-blend"
            onChange={(e) => setSettings('collage', { blend: e.currentTarget.value as CollageBlend })}
          >
            <option value="whole">Whole pictures</option>
            <option value="seam">Seam only</option>
          </select>
        </label>
      </div>
      <GpnnFields
        s={s}
        alpha={{
          value: s.collage.alpha,
          onChange: (v) => setSettings('collage', { alpha: v }),
          title: `The collage's own completeness (default ${COLLAGE_ALPHA}): the paper's 0.005 pulls patches across the seam and scatters them over the other picture; at 1 each picture keeps its own patches and only the seam is rebuilt.`,
        }}
      />
    </>
  );
}

function GpnnAnimateForm({ s }: { readonly s: StudioState }) {
  const a = s.gpnnAnimation;
  const set = (p: Partial<StudioState['gpnnAnimation']>) => setSettings('gpnnAnimation', p);
  return (
    <>
      <div className="params">
        <NumberField
          label="Frames"
          value={a.frames}
          min={ANIMATION_FRAMES.min}
          max={ANIMATION_FRAMES.max}
          testId="anim-frames"
          onChange={(v) => set({ frames: v })}
        />
        <NumberField
          label="Frames per second"
          value={a.fps}
          min={ANIMATION_FPS.min}
          max={ANIMATION_FPS.max}
          testId="anim-fps-param"
          onChange={(v) => set({ fps: v })}
        />
        <NumberField label="Seed" value={a.seed} min={0} testId="anim-seed" onChange={(v) => set({ seed: v })} />
        <LoopSelect value={a.loop} testId="anim-loop" onChange={(v) => set({ loop: v })} />
        <label
          className="field"
          title="Coherent frames each start from the one before, so patches do not flicker; independent frames are for comparison."
        >
          Frame coherence
          <select
            value={a.coherence}
            data-testid="anim-coherence"
            onChange={(e) => set({ coherence: e.currentTarget.value as 'temporal' | 'independent' })}
          >
            <option value="temporal">Coherent</option>
            <option value="independent">Independent (flickers)</option>
          </select>
        </label>
        <SigmaField sigma={s.gpnn.sigma} />
      </div>
      <GpnnFields s={s} fineAlpha />
    </>
  );
}

/** The mask a task paints over the source: retargeting's keep/remove, inpainting's hole and rough colour. */
function paintedMask(which: 'retarget' | 'inpaint', tools: readonly Exclude<MaskToolId, 'erase'>[]) {
  return function PaintedMask({ source }: { readonly source: SourceImage }) {
    const mask = useStudio((s) => s.masks[which]);
    return (
      <MaskEditor
        image={source.working}
        value={mask}
        onChange={(m) => setSettings('masks', { [which]: m })}
        tools={tools}
        testId={`${which}-mask`}
      />
    );
  };
}

function EditRegion({ source }: { readonly source: SourceImage }) {
  const edit = useStudio((s) => s.edit);
  return (
    <>
      <RegionMover image={source.working} value={edit} onChange={(v) => setSettings('edit', v)} />
      <p className="hint">{REGION_KEYS_HINT}</p>
    </>
  );
}

export const { forms, canvases }: FeatureForms<TasksOf<typeof gpnnFeature>> = {
  forms: {
    'gpnn-sample': GpnnSampleForm,
    'gpnn-retarget': GpnnRetargetForm,
    'gpnn-inpaint': GpnnInpaintForm,
    'gpnn-analogy': GpnnAnalogyForm,
    'gpnn-edit': GpnnEditForm,
    'gpnn-collage': GpnnCollageForm,
    'gpnn-animate': GpnnAnimateForm,
  },
  canvases: {
    'gpnn-retarget': { title: 'Keep / remove mask (optional)', Editor: paintedMask('retarget', ['keep', 'remove']) },
    'gpnn-inpaint': { title: 'Hole to fill', Editor: paintedMask('inpaint', ['hole', 'colour']) },
    'gpnn-edit': { title: 'Rough edit: select a region, then drag it', Editor: EditRegion },
  },
};
