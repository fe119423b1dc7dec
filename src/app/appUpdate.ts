import { registerSW } from 'virtual:pwa-register';
import { activeRun, notify, useStudio } from './store';

/**
 * The offline copy of the studio (a Workbox service worker, vite-plugin-pwa).
 * A newly deployed build waits until the user reloads into it: the page only
 * offers it, and not while a job runs, so code never changes under a job.
 */
export function startOfflineSupport(): void {
  if (!('serviceWorker' in navigator)) return;
  // Workbox registers the worker and says when a new build waits; taking it is
  // done here (takeUpdate), from the registration's own state.
  registerSW({
    immediate: true,
    onNeedRefresh: () => useStudio.setState({ updateReady: true }),
    onOfflineReady: () => {
      useStudio.setState({ offlineReady: true });
      notify('info', 'The studio is stored on this device: it now opens and runs without a network.');
    },
    onRegisterError: (err: unknown) => console.warn('Offline support is unavailable:', err),
  });
}

/** Reloads into the new build; refused while a job runs. */
export function applyUpdate(): void {
  if (activeRun(useStudio.getState())) {
    notify('warning', 'A job is running: the new version loads when it has finished (or after you cancel it).');
    return;
  }
  void takeUpdate();
}

let reloading = false;
function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  window.location.reload();
}

/**
 * Tells the waiting worker to take over and reloads once it has. The page is
 * told in one of two ways, and may only get one: a page under the old worker
 * gets controllerchange; the page of the visit that installed the offline copy
 * has no controller (no clientsClaim), so only the worker's own state says it.
 * Both are watched here rather than through workbox-window's 'controlling'
 * event, whose isUpdate depends on what that library saw of how the new worker
 * was found (by itself, by the browser's own check, or by another tab).
 */
async function takeUpdate(): Promise<void> {
  const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
  // Nothing waits: another tab has already taken the new build, which a reload loads.
  if (!waiting) return reloadOnce();
  navigator.serviceWorker.addEventListener('controllerchange', reloadOnce, { once: true });
  const settle = () => {
    if (waiting.state === 'activated') reloadOnce();
    // A still newer build replaced this one while it waited: take that one.
    else if (waiting.state === 'redundant') void takeUpdate();
  };
  waiting.addEventListener('statechange', settle);
  waiting.postMessage({ type: 'SKIP_WAITING' });
  settle();
}
