/*
 * Imported by the studio's Workbox service worker (vite.config.ts, workbox
 * importScripts) before Workbox registers its routes. A static host that
 * cannot send COOP/COEP leaves the page without cross-origin isolation, and
 * tfjs-wasm then runs on one thread; the offline copy serves the app from its
 * precache anyway, so it adds those headers to what it serves. The first
 * visit (not yet controlled) stays single-threaded; later ones are isolated.
 *
 * Workbox answers through event.respondWith, so this listener, registered
 * first, wraps that call for the same event rather than answering itself:
 * the precache and its navigation fallback stay Workbox's.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function withIsolation(response) {
  // Opaque and error responses cannot be rebuilt (and cross-origin ones are not the studio's to label).
  if (
    !(response instanceof Response) ||
    response.type === 'opaque' ||
    response.type === 'opaqueredirect' ||
    response.type === 'error'
  )
    return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const respondWith = event.respondWith.bind(event);
  event.respondWith = (response) => respondWith(Promise.resolve(response).then(withIsolation));
});
