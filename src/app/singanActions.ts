import { engine, requestModels, startJob } from './studio';
import { activeRun, notify, useStudio } from './store';

/** Pause/resume and the stored-model actions the page offers (SinGAN's own settings are its feature's: src/features/singan/page/settingsActions.ts). */
export function selectModel(id: string): void {
  useStudio.setState({ selectedModelId: id });
}

export function setJobPaused(paused: boolean): void {
  const run = activeRun(useStudio.getState());
  if (!run) return;
  engine.send({ type: 'pause-job', jobId: run.id, paused });
}

/** Continues a stored model's training from its last finished scale (its training image, or a GIF → GIF model's frames, are stored with it). */
export function resumeTraining(modelId: string): number | null {
  const model = useStudio.getState().models?.find((m) => m.id === modelId);
  if (!model) {
    notify('error', 'That model is no longer stored.');
    return null;
  }
  if (model.sequence) {
    const { variant, hidden, chunk, motion = 0 } = model.sequence;
    return startJob({
      kind: 'gif2gif-train',
      config: model.config,
      sequence: { variant, hidden, chunk, motion },
      modelId,
      name: model.name,
      resume: true,
    });
  }
  return startJob({ kind: 'singan-train', config: model.config, modelId, name: model.name, resume: true });
}

export function deleteModel(modelId: string): void {
  requestModels({ kind: 'delete', modelId });
}

export function exportModel(modelId: string): void {
  requestModels({ kind: 'export', modelId });
}

export function importModel(file: File): void {
  requestModels({ kind: 'import', file, name: file.name.replace(/\.singan$/i, '') });
}
