import { ANIMATION_FPS, ANIMATION_FRAMES } from '../../engine/animation/animationLimits';
import { EDIT_ALPHA, MAX_SAMPLES, RETARGET_ALPHA, RETARGET_FACTOR_RANGE } from '../../engine/gpnn/gpnnTask';
import { pyramidDepth, pyramidShapes } from '../../engine/pyramid/pyramidShape';
import { COLLAGE_SLOTS } from '../../protocol/images';
import { ImageSlotPicker } from './ImageSlotPicker';
import {
  currentJob,
  jobProblem,
  retargetSize,
  setEdit,
  setGpnnAnimation,
  setGpnnParams,
  setPyramidParams,
  setRetarget,
  setSampling,
  setTask,
  startJob,
} from '../studio';
import { useShallow } from 'zustand/react/shallow';
import { activeRun, useStudio, type StudioState } from '../store';
import { TASK_ENGINES, TASKS } from '../tasks';
import { TASK_IDS, type TaskId } from '../taskIds';
import { kindOf } from '../../jobs/jobKinds';
import type { KeyboardEvent, ReactNode } from 'react';
import { NumberField } from './NumberField';
import { GpnnFields } from './GpnnFields';
import { LoopSelect, SinganTrainFields, SinganUseFields } from './SinganFields';
import { Gif2gifGenerateFields, Gif2gifTrainFields } from './Gif2gifFields';
import { formatSize } from '../../engine/image/formatSize';
import { squeezedCoarsestNote } from '../coarsestNote';

const sizeOf = ([height, width]: readonly [number, number]) => ({ width, height });

/** Each task's form; a task without one is a compile error (the `never` below). */
function TaskFields({ s }: { s: StudioState }): ReactNode {
  const task: TaskId = s.task;
  switch (task) {
    case 'singan-train':
      return <SinganTrainFields s={s} />;
    case 'singan-sample':
    case 'singan-superres':
    case 'singan-inject':
    case 'singan-animate':
      return <SinganUseFields s={s} />;
    case 'gif2gif-train':
      return <Gif2gifTrainFields s={s} />;
    case 'gif2gif-generate':
      return <Gif2gifGenerateFields s={s} />;
    case 'gpnn-animate': {
      const a = s.gpnnAnimation;
      const set = setGpnnAnimation;
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
            <NumberField
              label="Noise sigma"
              value={s.gpnn.sigma}
              step={0.05}
              min={0}
              max={10}
              testId="param-sigma"
              onChange={(v) => setGpnnParams({ sigma: v })}
            />
          </div>
          <GpnnFields s={s} fineAlpha />
        </>
      );
    }
    case 'gpnn-inpaint':
      return (
        <>
          <p className="hint">
            Paint the hole on the image beside the output; optionally a rough colour to steer the fill. Alpha is 1 and
            the coarsest size follows the hole.
          </p>
          <GpnnFields s={s} />
        </>
      );
    case 'gpnn-analogy':
      return (
        <>
          <p className="hint">
            The output takes the structure image's layout and size, made only of the source's patches.
          </p>
          <ImageSlotPicker slot="structure" label="Structure image" />
          <GpnnFields s={s} />
        </>
      );
    case 'gpnn-collage':
      return (
        <>
          <p className="hint">The source comes first; these follow it left to right, scaled to its height.</p>
          {COLLAGE_SLOTS.map((slot, i) => (
            <ImageSlotPicker key={slot} slot={slot} label={`Collage image ${i + 2}`} />
          ))}
          <GpnnFields s={s} />
        </>
      );
    case 'gpnn-edit': {
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
              onChange={(v) => setEdit({ startLevel: v })}
            />
          </div>
          <GpnnFields
            s={s}
            alpha={{
              value: s.edit.alpha,
              onChange: (v) => setEdit({ alpha: v }),
              title: `Editing's own completeness (default ${EDIT_ALPHA}): the paper's 0.005 spends a pasted copy's patches where they came from and rebuilds the copy away; larger keeps it and blends its seams.`,
            }}
          />
        </>
      );
    }
    case 'pyramid': {
      const shapes = s.source ? pyramidShapes(s.source.working.height, s.source.working.width, s.pyramid) : [];
      return (
        <>
          <div className="params">
            <NumberField
              label="Scale ratio R"
              value={s.pyramid.ratio}
              step={0.01}
              min={1.05}
              max={4}
              testId="param-ratio"
              onChange={(v) => setPyramidParams({ ratio: v })}
            />
            <NumberField
              label="Coarsest side (px)"
              value={s.pyramid.coarseDim}
              min={7}
              max={512}
              testId="param-coarse"
              onChange={(v) => setPyramidParams({ coarseDim: v })}
            />
          </div>
          {shapes.length > 0 && !jobProblem(currentJob(s), s) && (
            <p
              className="hint"
              data-testid="pyramid-plan"
              title={
                squeezedCoarsestNote(
                  sizeOf(shapes[shapes.length - 1]),
                  shapes.length > 1 ? sizeOf(shapes[shapes.length - 2]) : null,
                ) ?? undefined
              }
            >
              {shapes.length} levels: {shapes.map(([h, w]) => formatSize(w, h)).join(' → ')}
            </p>
          )}
        </>
      );
    }
    case 'gpnn-sample':
      return (
        <>
          <div className="params">
            <NumberField
              label="Samples"
              value={s.sampling.count}
              min={1}
              max={MAX_SAMPLES}
              testId="param-samples"
              onChange={(v) => setSampling({ count: v })}
            />
            <NumberField
              label="First seed"
              value={s.sampling.baseSeed}
              min={0}
              testId="param-seed"
              onChange={(v) => setSampling({ baseSeed: v })}
            />
            <NumberField
              label="Noise sigma"
              value={s.gpnn.sigma}
              step={0.05}
              min={0}
              max={10}
              testId="param-sigma"
              onChange={(v) => setGpnnParams({ sigma: v })}
            />
          </div>
          <GpnnFields s={s} fineAlpha />
        </>
      );
    case 'gpnn-retarget': {
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
              onChange={(v) => setRetarget({ heightFactor: v })}
            />
            <NumberField
              label="Width ×"
              value={s.retarget.widthFactor}
              step={0.05}
              min={RETARGET_FACTOR_RANGE[0]}
              max={RETARGET_FACTOR_RANGE[1]}
              testId="param-width-factor"
              onChange={(v) => setRetarget({ widthFactor: v })}
            />
          </div>
          {size && (
            <p className="hint" data-testid="retarget-size">
              Output {formatSize(size.width, size.height)} px
            </p>
          )}
          <p className="hint">Optional: paint regions to keep or to remove on the image beside the output.</p>
          <GpnnFields
            s={s}
            alpha={{
              value: s.retarget.alpha,
              onChange: (v) => setRetarget({ alpha: v }),
              title: `Retargeting's own completeness (default ${RETARGET_ALPHA}): smaller pushes every patch in but smears where the new size cannot hold them all. Kept regions get the strong completeness.`,
            }}
          />
        </>
      );
    }
    default: {
      const missing: never = task;
      throw new Error(`No form for task ${String(missing)}`);
    }
  }
}

/** What the form and the Run bar read: streaming scales must not re-render them. */
function useTaskForm() {
  const picked = useStudio(
    useShallow((st) => ({
      task: st.task,
      source: st.source,
      pyramid: st.pyramid,
      gpnn: st.gpnn,
      sampling: st.sampling,
      retarget: st.retarget,
      edit: st.edit,
      extras: st.extras,
      masks: st.masks,
      singan: st.singan,
      gif2gif: st.gif2gif,
      gpnnAnimation: st.gpnnAnimation,
      models: st.models,
      selectedModelId: st.selectedModelId,
      busy: Boolean(activeRun(st)),
    })),
  );
  const s = { ...useStudio.getState(), ...picked };
  const job = currentJob(s);
  return { s, busy: picked.busy, problem: jobProblem(job, s), needsSource: kindOf(job).needs(job).source };
}

/** Arrow keys move between tasks as in any radio group; only the chosen task is a Tab stop, so Tab goes on to its fields. */
function onTaskKey(e: KeyboardEvent<HTMLDivElement>, current: TaskId): void {
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
  const i = TASK_IDS.indexOf(current);
  const next =
    step !== undefined
      ? TASK_IDS[(i + step + TASK_IDS.length) % TASK_IDS.length]
      : e.key === 'Home'
        ? TASK_IDS[0]
        : e.key === 'End'
          ? TASK_IDS.at(-1)!
          : null;
  if (!next) return;
  e.preventDefault();
  setTask(next);
  e.currentTarget.querySelector<HTMLElement>(`[data-testid="task-${next}"]`)?.focus();
}

export function TaskPanel() {
  const { s } = useTaskForm();
  const task = TASKS[s.task];
  return (
    <section className="panel task-panel" aria-label="Task">
      <h2 id="task-heading">Task</h2>
      <div
        role="radiogroup"
        aria-labelledby="task-heading"
        className="task-groups"
        onKeyDown={(e) => onTaskKey(e, s.task)}
      >
        {TASK_ENGINES.map((engine) => (
          <div key={engine} className="task-group" role="group" aria-label={engine}>
            <h3 aria-hidden="true">{engine}</h3>
            <div className="task-grid">
              {TASK_IDS.filter((id) => TASKS[id].engine === engine).map((id) => (
                <button
                  key={id}
                  type="button"
                  role="radio"
                  aria-checked={s.task === id}
                  aria-label={`${engine}: ${TASKS[id].label}`}
                  tabIndex={s.task === id ? 0 : -1}
                  className={`task-chip ${s.task === id ? 'task-active' : ''}`}
                  data-testid={`task-${id}`}
                  title={TASKS[id].blurb}
                  onClick={() => setTask(id)}
                >
                  {TASKS[id].label}
                </button>
              ))}
            </div>
          </div>
        ))}
      </div>
      <p className="hint task-blurb">{task.blurb}</p>
      <h2>Parameters</h2>
      <TaskFields s={s} />
    </section>
  );
}

/**
 * The task's Run button, pinned to the edge of the side column: the fields
 * above it may scroll, the action may not. What keeps it disabled is said
 * here, beside it, where it stays in view too.
 */
export function RunBar() {
  const { s, busy, problem, needsSource } = useTaskForm();
  const task = TASKS[s.task];
  const noSource = !s.source && needsSource;
  return (
    <div className="run-bar" data-testid="run-bar">
      {problem && !noSource && (
        <p className="field-error" id="run-problem" data-testid="param-error">
          {problem}
        </p>
      )}
      {noSource && (
        <p className="hint" id="run-problem">
          Open an image first.
        </p>
      )}
      <button
        type="button"
        className="primary"
        data-testid="run-job"
        disabled={noSource || busy || Boolean(problem)}
        aria-describedby={problem || noSource ? 'run-problem' : undefined}
        onClick={() => startJob()}
      >
        {task.action}
      </button>
    </div>
  );
}
