import { configFromPreset, type SinganPresetName } from '../engine/singan/configFromPreset';
import type { SinganConfig } from '../engine/singan/singanConfig';
import { engine, requestModels, startJob } from './studio';
import { activeRun, notify, useStudio, type SinganSettings } from './store';

/** SinGAN's settings, pause/resume, and the stored-model actions the page offers. */
export function setSinganPreset(preset: SinganPresetName): void {
  useStudio.setState((s) => ({
    singan: {
      ...s.singan,
      preset,
      config: configFromPreset(preset, {
        attention: s.singan.config.attention,
        feedForward: s.singan.config.feedForward,
      }),
    },
  }));
}

/**
 * Any edit of a single value leaves the preset: the form then says "custom".
 * An edit of the iterations moves the learning-rate drop to the preset's share
 * of them, as the CLI's --iterations does, unless the same edit sets the drop.
 */
export function setSinganConfig(p: Partial<SinganConfig>): void {
  useStudio.setState((s) => {
    const { lrDropAt, ...rest } = s.singan.config;
    const follows = p.iterations !== undefined && p.lrDropAt === undefined;
    // A custom config no longer names its preset; both presets drop at the same share (singanConfig.test.ts), so either gives the rule.
    const preset: SinganPresetName = s.singan.preset === 'custom' ? 'fast' : s.singan.preset;
    const config = configFromPreset(preset, { ...(follows ? rest : { ...rest, lrDropAt }), ...p });
    const onlyArchitecture = Object.keys(p).every((k) => k === 'attention' || k === 'feedForward');
    return { singan: { ...s.singan, config, preset: onlyArchitecture ? s.singan.preset : 'custom' } };
  });
}

/** The settings of the tasks that use a model, each a group of fields (the preset, config and next model id are set elsewhere). */
export function setSinganSettings<K extends Exclude<keyof SinganSettings, 'preset' | 'config' | 'nextModelId'>>(
  key: K,
  p: Partial<SinganSettings[K]>,
): void {
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
