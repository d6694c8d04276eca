// The service worker: precaches the whole app (shell, both workers, tfjs' wasm binaries,
// MNIST) so the installed app starts, trains and predicts with no network, and adds the
// headers `npm start` sends (isolation, CSP) when the host sent none. Workbox does the caching.
import { cacheNames, clientsClaim, setCacheNameDetails, type WorkboxPlugin } from 'workbox-core';
import {
  addPlugins,
  cleanupOutdatedCaches,
  createHandlerBoundToURL,
  precacheAndRoute,
  type PrecacheEntry,
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withMissingHeaders } from './headers.js';
import { answerShare } from './share-target.js';
import { SHARE_TARGET_PATH, SHARED_FILES_CACHE } from '../protocol/shared-files.js';
import { isSkipWaiting, isVersionRequest } from '../protocol/sw-messages.js';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };
declare const __APP_VERSION__: string;
/** serve.json's headers, written in by the build. */
declare const __SERVE_HEADERS__: Readonly<Record<string, string>>;

const CACHE_PREFIX = 'mnist';
setCacheNameDetails({ prefix: CACHE_PREFIX });

/** Every answer from the precache passes here on its way to the page. */
const headers: WorkboxPlugin = {
  handlerWillRespond: ({ response }) => Promise.resolve(withMissingHeaders(response, __SERVE_HEADERS__)),
};
addPlugins([headers]);

// The list is written in by workbox-build's injectManifest (scripts/precache.mjs).
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
// Any navigation in scope (e.g. /?epochs=1) gets the cached shell; the page reads the query.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));
// Files shared to the installed app (the manifest's share_target) arrive as a POST here.
const shareTarget = new URL(SHARE_TARGET_PATH, self.registration.scope).href;
registerRoute(
  ({ url }) => url.href === shareTarget,
  ({ request }) => answerShare(request, self.registration.scope),
  'POST',
);

// The first install takes the open page at once, so it works offline without a reload.
// Later versions wait: the page sends SKIP_WAITING only when the user asked and no
// training run would be cut short.
clientsClaim();

self.addEventListener('message', (event) => {
  if (isSkipWaiting(event.data)) {
    void self.skipWaiting();
  } else if (isVersionRequest(event.data)) {
    event.ports[0]?.postMessage(__APP_VERSION__);
  }
});

// Workbox drops the precache's outdated entries on activation; caches this app made
// under other names (earlier layouts) go too. Other apps on the origin keep theirs.
self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        const ours = name.startsWith(`${CACHE_PREFIX}-`) && name !== SHARED_FILES_CACHE;
        if (ours && name !== cacheNames.precache) await caches.delete(name);
      }
    })(),
  );
});
