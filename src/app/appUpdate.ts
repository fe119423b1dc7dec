import { registerSW } from 'virtual:pwa-register';
import { activeRun, notify, useStudio } from './store';

/**
 * The offline copy of the studio (a Workbox service worker, vite-plugin-pwa).
 * A newly deployed build waits until the user reloads into it: the page only
 * offers it, and not while a job runs, so code never changes under a job.
 */
let activate: ((reload: boolean) => Promise<void>) | null = null;

export function startOfflineSupport(): void {
  if (!('serviceWorker' in navigator)) return;
  activate = registerSW({
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

async function takeUpdate(): Promise<void> {
  if (navigator.serviceWorker.controller) return activate?.(true);
  // The page of the visit that installed the offline copy has no controller
  // (no clientsClaim), so no controllerchange comes for workbox-window to
  // reload on; and an old worker without pages lets the new one activate at once.
  const waiting = (await navigator.serviceWorker.getRegistration())?.waiting;
  if (!waiting) return window.location.reload();
  waiting.addEventListener('statechange', () => {
    if (waiting.state === 'activated') window.location.reload();
  });
  await activate?.(true);
}
