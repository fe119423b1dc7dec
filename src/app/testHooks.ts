import type { ToWorker } from '../protocol/messages';
import { cancelActiveJob, engine, openImage, startJob } from './studio';
import { useStudio } from './store';

export type EngineFault = Extract<ToWorker, { type: 'debug-fault' }>['fault'];

/** Makes the engine crash, exit or lose its GPU device, to prove the recovery paths. */
function injectFault(fault: EngineFault): void {
  engine.send({ type: 'debug-fault', fault });
}

const handle = {
  state: () => useStudio.getState(),
  injectFault,
  startJob,
  cancelActiveJob,
  openImage,
};

export type StudioTestHandle = typeof handle;
/** The studio's window in a test build, as the e2e tests see it from page.evaluate. */
export type StudioWindow = typeof globalThis & { __studio: StudioTestHandle };

/**
 * A small window handle for the e2e tests: read the store and inject faults.
 * Everything a user can do is still driven through the real UI in the tests.
 * Installed only in test builds (main.tsx, __TEST_HOOKS__).
 */
export function installTestHooks(): void {
  (globalThis as StudioWindow).__studio = handle;
}
