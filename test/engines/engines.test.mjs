// @ts-check
// The journeys of journeys.mjs in every engine our users have: Chromium, Firefox ESR and
// WebKitGTK (Safari's engine) twice, as Debian ships it and close to Safari. Each engine
// gets its own server (the journey stops it) and a fresh profile. Run `npm run build`
// first; screenshots go to SHOTS_DIR (a temporary folder by default); ENGINES=firefox,webkit
// runs only those (names: chromium, firefox, webkit, webkit-safari).
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startServer } from '../support/app-harness.mjs';
import { launchChromium } from './adapters/chromium.mjs';
import { launchFirefox } from './adapters/firefox.mjs';
import { launchWebKit } from './adapters/webkit.mjs';
import { backendsTabsFiles, firstVisitToOffline, resumeAfterReload } from './journeys.mjs';

// Clear of the other end-to-end files' ports and the responsiveness benchmark's (E2E_PORT to E2E_PORT + 40).
const PORT = Number(process.env.E2E_PORT ?? '8181') + 50;
const SHOTS = process.env.SHOTS_DIR ?? join(tmpdir(), 'mnist-engine-shots');

/**
 * Each engine, what it lacks, and what is known to fail in it (a `todo`: it runs, says
 * how it fails, and does not fail the suite; it is to be fixed, then removed).
 * @type {{ name: string, launch: () => Promise<import('./driven-page.mjs').Engine>, expected: import('./journeys.mjs').Expected, knownToFail?: { resume?: string } }[]}
 */
const ENGINES = [
  {
    name: 'chromium',
    launch: launchChromium,
    expected: { persistPrompt: false, storageApi: true, threads: true, installPrompt: true, webgl: true },
  },
  // The persistent-storage prompt is left unanswered, as a user may leave it.
  {
    name: 'firefox',
    launch: launchFirefox,
    expected: { persistPrompt: true, storageApi: true, threads: true, installPrompt: false, webgl: true },
  },
  {
    name: 'webkit',
    launch: () => launchWebKit({ safari: false }),
    expected: { persistPrompt: false, storageApi: false, threads: false, installPrompt: false, webgl: false },
  },
  {
    name: 'webkit-safari',
    launch: () => launchWebKit({ safari: true }),
    expected: { persistPrompt: false, storageApi: true, threads: true, installPrompt: false, webgl: false },
  },
];

const chosen = process.env.ENGINES?.split(',');
for (const [index, { name, launch, expected, knownToFail }] of ENGINES.entries()) {
  test(
    `engine ${index + 1} of ${ENGINES.length}: the journeys`,
    { skip: chosen && !chosen.includes(name) },
    async (t) => {
      const engine = await launch();
      t.after(() => engine.close());
      const server = await startServer(PORT + index);
      t.after(() => server.stop());
      t.diagnostic(engine.label);
      await mkdir(SHOTS, { recursive: true });
      const tab = await engine.open();
      const started = Date.now();
      const context = {
        base: server.base,
        tab,
        shot: (/** @type {string} */ name, on = tab) => on.screenshot(join(SHOTS, `${engine.name}-${name}.png`)),
        log: (/** @type {string} */ line) =>
          t.diagnostic(`${engine.name}, ${Math.round((Date.now() - started) / 1000)} s: ${line}`),
      };
      await t.test('first visit, MNIST stored, train on auto, draw, evaluate, reload, server stopped', () =>
        firstVisitToOffline(engine, { ...context, stopServer: server.stop, expected }),
      );
      await t.test(
        'with the server still stopped: train on wasm, reload, resume, stop',
        { todo: knownToFail?.resume ?? false },
        () => resumeAfterReload(engine, context),
      );
      const files = await mkdtemp(join(tmpdir(), `${engine.name}-files-`));
      await t.test('still offline: webgl and cpu, two tabs, export and import', () =>
        backendsTabsFiles(engine, { ...context, expected, files }),
      );
    },
  );
}
