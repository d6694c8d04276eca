// @ts-check
// Each engine by the name its adapter gives it, for tools that take one by name
// (`npm run bench -- --engine firefox`). Loaded on demand: each adapter's driver is large.

/** @type {Record<string, () => Promise<import('./driven-page.mjs').Engine>>} */
export const ENGINES = {
  chromium: () => import('./adapters/chromium.mjs').then((adapter) => adapter.launchChromium()),
  firefox: () => import('./adapters/firefox.mjs').then((adapter) => adapter.launchFirefox()),
  webkit: () => import('./adapters/webkit.mjs').then((adapter) => adapter.launchWebKit({ safari: false })),
  'webkit-safari': () => import('./adapters/webkit.mjs').then((adapter) => adapter.launchWebKit({ safari: true })),
};
