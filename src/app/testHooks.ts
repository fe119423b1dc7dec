import { cancelActiveJob, injectFault, openImage, startJob } from './studio';
import { useStudio } from './store';

/**
 * A small window handle for the e2e tests: read the store and inject faults.
 * Everything a user can do is still driven through the real UI in the tests.
 */
export function installTestHooks(): void {
  (globalThis as unknown as { __studio: unknown }).__studio = {
    state: () => useStudio.getState(),
    injectFault,
    startJob,
    cancelActiveJob,
    openImage,
  };
}
