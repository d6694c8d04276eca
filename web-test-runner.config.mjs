// Browser tests in Debian's Chromium with real IndexedDB, workers and fetch. The
// trainer-worker suite drives the built worker (dist/), so `npm run build` comes first.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { chromiumArgs, chromiumPath } from './test/chromium.mjs';
import { mnistFixtures } from './test/mnist-fixtures.mjs';

const fixtures = mnistFixtures();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1, // two cores; training tests want one to themselves
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs } })],
  middleware: [fixtures.middleware],
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), fixtures.plugin],
  testFramework: { config: { timeout: 180_000 } },
  testsFinishTimeout: 900_000,
  browserStartTimeout: 120_000,
};
