import { useEffect } from 'react';
import { anyLiveRun, useStudio } from './store';

/**
 * Asks before the page is left while a job or an export runs: leaving stops
 * the worker. Nothing stored is lost (SinGAN keeps every finished scale), but
 * the scale or file in progress is.
 */
export function useLeaveGuard(): void {
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = useStudio.getState();
      if (!anyLiveRun(s)) return;
      e.preventDefault();
      // Older engines show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}
