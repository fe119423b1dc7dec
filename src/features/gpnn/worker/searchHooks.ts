import { searchSpeedKnown, searchSpeedOf } from '../../../engine/gpnn/searchCalibration';
import type { ExactSearchKind } from '../../../engine/gpnn/gpnnBackend';
import type { SearchDecision, SearchHooks } from '../../../engine/gpnn/resolveSearch';
import type { SearchChosen } from '../../../protocol/messages';
import type { JobContext } from '../../../worker/jobContext';

/** GPNN jobs decide their search with the device's name in the reason, and say while they time the device. */
export function searchHooks(ctx: JobContext): Pick<SearchHooks, 'deviceName' | 'searchSpeed'> {
  return {
    deviceName: ctx.runtime.info.kind !== 'webgpu' ? 'the CPU' : ctx.runtime.info.adapter,
    searchSpeed: async () => {
      if (!searchSpeedKnown(ctx.runtime.gpnn))
        ctx.emitProgress(0, 1, 'Timing the search on this device (once per session)');
      return searchSpeedOf(ctx.runtime.gpnn);
    },
  };
}

export function searchChosen(
  { choice, speed }: SearchDecision,
  exactSearch: ExactSearchKind,
): Omit<SearchChosen, 'jobId'> {
  return {
    nn: choice.nn,
    auto: choice.auto,
    reason: choice.reason,
    exactMs: choice.exactMs,
    patchMatchMs: choice.patchMatchMs,
    speed,
    exactSearch,
  };
}
