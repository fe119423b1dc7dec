import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { engine, openImage } from './app/studio';
import { installTestHooks } from './app/testHooks';
import { startOfflineSupport } from './app/appUpdate';
import { notify } from './app/store';
import { restoreSession, startSessionPersistence } from './app/session/persistSession';
import './app/styles.css';

engine.start();
if (__TEST_HOOKS__) installTestHooks();
startOfflineSupport();

/** The studio opens on the saved session, or on its own example so it works before the user brings anything. */
const EXAMPLE = { url: `${import.meta.env.BASE_URL}examples/valley.png`, name: 'valley.png (example)' };
void restoreSession().then((restoredSource) => {
  startSessionPersistence();
  if (restoredSource || new URLSearchParams(location.search).get('example') === 'none') return;
  fetch(EXAMPLE.url)
    .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((blob) => openImage(blob, EXAMPLE.name))
    .catch((err) => notify('warning', `The example image could not be loaded (${String(err)}); open your own.`));
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
