import { SINGAN_PRESETS, type SinganConfig } from '../engine/singan/singanConfig';
import { engine, requestModels, startJob } from './studio';
import { activeRun, notify, useStudio, type SinganSettings } from './store';

/** SinGAN's settings, pause/resume, and the stored-model actions the page offers. */
export function setSinganPreset(preset: keyof typeof SINGAN_PRESETS): void {
  useStudio.setState((s) => ({ singan: { ...s.singan, preset, config: { ...SINGAN_PRESETS[preset], attention: s.singan.config.attention, feedForward: s.singan.config.feedForward } } }));
}

/** Any edit of a single value leaves the preset: the form then says "custom". */
export function setSinganConfig(p: Partial<SinganConfig>): void {
  useStudio.setState((s) => {
    const config = { ...s.singan.config, ...p };
    const onlyArchitecture = Object.keys(p).every((k) => k === 'attention' || k === 'feedForward');
    return { singan: { ...s.singan, config, preset: onlyArchitecture ? s.singan.preset : 'custom' } };
  });
}

export function setSinganSettings<K extends Exclude<keyof SinganSettings, 'preset' | 'config'>>(key: K, p: Partial<SinganSettings[K]>): void {
  useStudio.setState((s) => ({ singan: { ...s.singan, [key]: { ...s.singan[key], ...p } } }));
}

export function selectModel(id: string): void {
  useStudio.setState({ selectedModelId: id });
}

export function setJobPaused(paused: boolean): void {
  const run = activeRun(useStudio.getState());
  if (!run) return;
  engine.send({ type: 'pause-job', jobId: run.id, paused });
}

/** Continues a stored model's training from its last finished scale (its training image is stored with it). */
export function resumeTraining(modelId: string): number | null {
  const model = useStudio.getState().models?.find((m) => m.id === modelId);
  if (!model) {
    notify('error', 'That model is no longer stored.');
    return null;
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

