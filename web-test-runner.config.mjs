// Browser tests in Debian's Chromium with real IndexedDB, workers and fetch. The
// trainer-worker suite drives the built worker (dist/), so `npm run build` comes first.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { simdKernelsWasmServer } from './scripts/simd-kernels-wasm.mjs';
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs';
import { kerasFixtures } from './test/support/keras-fixtures.mjs';
import { mnistFixtures } from './test/support/mnist-fixtures.mjs';

const fixtures = mnistFixtures();

/**
 * Tests that import worker modules get tfjs' single-file ES module builds: the packages'
 * own ES modules import CommonJS dependencies that a browser cannot load unbundled. The
 * wasm backend's build imports tfjs-core (the same engine as tfjs' build) and, for its
 * Node path only, Node built-ins.
 */
const NODE_BUILTINS = new Set(['fs', 'path', 'perf_hooks', 'os', 'worker_threads']);
const tfjsBundle = {
  name: 'tfjs-bundle',
  resolveImport({ source }) {
    if (source === '@tensorflow/tfjs' || source === '@tensorflow/tfjs-core')
      return '/node_modules/@tensorflow/tfjs/dist/tf.fesm.js';
    if (source === '@tensorflow/tfjs-backend-wasm')
      return '/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.fesm.js';
    if (source === '@tensorflow/tfjs-backend-webgpu')
      return '/node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.fesm.js';
    if (NODE_BUILTINS.has(source)) return '/test/support/no-node-builtin.js';
    return undefined;
  },
};

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1, // two cores; training tests want one to themselves
  browsers: [chromeLauncher({ launchOptions: { executablePath: chromiumPath, headless: true, args: chromiumArgs } })],
  middleware: [
    fixtures.middleware,
    kerasFixtures,
    // <training-charts> links uPlot's stylesheet beside the page, as the build places it.
    (context, next) => {
      if (context.path.endsWith('/uPlot.min.css')) context.path = '/node_modules/uplot/dist/uPlot.min.css';
      return next();
    },
  ],
  plugins: [
    // Serves src/worker/kernels/wasm/simd-kernels-wasm.js, compiled from simd-kernels.wat.
    simdKernelsWasmServer(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
    tfjsBundle,
    fixtures.plugin,
  ],
  // Guards against a hang, not a speed limit: the slowest tests train for minutes on a
  // quiet machine, and several times longer on a loaded one.
  testFramework: { config: { timeout: 600_000 } },
  testsFinishTimeout: 1_800_000,
  browserStartTimeout: 120_000,
};
