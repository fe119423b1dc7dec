import { setTask } from '../../../app/studio';
import type { StudioState } from '../../../app/store';

/**
 * GIF → GIF's engine: Patches (VGPNN, this feature's task, the default) or
 * the trained ConvLSTM SinGAN (the gif2gif feature's train and generate
 * tasks, unchanged). Shown at the top of each of those tasks' forms; picking
 * an engine picks its task.
 */
export function GifEngineChoice({ s }: { s: StudioState }) {
  const patches = s.task === 'vgpnn-generate';
  return (
    <div className="params">
      <label
        className="field"
        title="Patches: new animations from the GIF’s own space-time patches (VGPNN), in seconds, nothing to train. ConvLSTM SinGAN: train a model on the GIF first (minutes), then make animations from it."
      >
        GIF → GIF engine
        <select
          value={patches ? 'patches' : 'convlstm'}
          data-testid="gif2gif-engine"
          onChange={(e) => setTask(e.currentTarget.value === 'patches' ? 'vgpnn-generate' : 'gif2gif-train')}
        >
          <option value="patches">Patches (seconds, no training)</option>
          <option value="convlstm">ConvLSTM SinGAN (trained)</option>
        </select>
      </label>
    </div>
  );
}
