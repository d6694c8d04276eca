// One bundle per realm: the page (no tfjs), the trainer and predictor workers, and the
// service worker. Assets the app serves itself (static files, MNIST, tfjs' wasm
// binaries and pthread scripts) are emitted by the bundle that uses them.
// scripts/precache.mjs then writes the precache manifest into the service worker
// (`npm run build` runs both).
// DIST (default dist) is the output folder; APP_VERSION (default package.json's) the
// version the page shows and the service worker carries.
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import { simdKernelsWasm } from './scripts/simd-kernels-wasm.mjs';
import { mnistAssets } from './scripts/mnist-assets.mjs';
import { wasmPthreads } from './scripts/wasm-pthreads.mjs';

const require = createRequire(import.meta.url);
const production = process.env.NODE_ENV !== 'development';
const dist = process.env.DIST || 'dist';
const version = process.env.APP_VERSION || require('./package.json').version;

// dist holds this build alone: the precache lists every file in it, so a chunk of an older
// build would be downloaded by every visitor.
await rm(dist, { recursive: true, force: true });

/** The headers serve.json gives every file: the service worker adds them where a host sends none. */
function serveHeaders() {
  const rules = require('./serve.json').headers;
  const all = rules.find((rule) => rule.source === '**');
  if (rules.length !== 1 || !all) throw new Error('serve.json: expected one header rule, for "**"');
  return Object.fromEntries(all.headers.map(({ key, value }) => [key, value]));
}

// Workbox reads process.env.NODE_ENV in its modules (dev logging) and both the page and
// the service worker show or carry the version.
const defines = (more = {}) =>
  replace({
    preventAssignment: true,
    values: {
      'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development'),
      __APP_VERSION__: JSON.stringify(version),
      ...more,
    },
  });

const code = (tsconfig, esbuildOptions = {}) => [
  nodeResolve({ browser: true, preferBuiltins: false }),
  // Emscripten's glue in tfjs-backend-wasm requires Node builtins only when it runs in Node.
  commonjs({ ignore: ['fs', 'path', 'os', 'perf_hooks', 'worker_threads', 'crypto'] }),
  esbuild({
    target: 'es2022',
    tsconfig,
    minify: production,
    sourceMap: true,
    // tfjs-core keeps Node-only `require`s behind platform checks; they never run here.
    logOverride: { 'unsupported-require-call': 'silent' },
    ...esbuildOptions,
  }),
];

/** Emits files as assets under the given names. */
function assets(name, list) {
  return {
    name,
    async generateBundle() {
      for (const { fileName, source } of await list()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}

async function staticFiles(dir = 'static') {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ fileName: relative(dir, file), source: await readFile(file) })));
}

/** Stylesheets of libraries the page uses (uPlot's, linked from <training-charts>). */
async function libraryStyles() {
  const uplot = dirname(require.resolve('uplot/package.json'));
  return [{ fileName: 'uPlot.min.css', source: await readFile(join(uplot, 'dist', 'uPlot.min.css')) }];
}

async function wasmBinaries() {
  const dir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  const names = (await readdir(join(dir, 'dist'))).filter((name) => name.endsWith('.wasm'));
  return Promise.all(names.map(async (name) => ({ fileName: name, source: await readFile(join(dir, 'dist', name)) })));
}

async function mnistData() {
  return (await mnistAssets()).map(({ fileName, source }) => ({ fileName: `data/${fileName}`, source }));
}

function onwarn(warning, warn) {
  // tfjs' bundles guard Node-only code with `this` checks and eval-free requires.
  if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
  warn(warning);
}

export default [
  {
    input: 'src/app/main.ts',
    // Each view's panel is a chunk of its own, imported when the view is first shown, and
    // uPlot another, imported when the charts come into view.
    output: {
      dir: dist,
      entryFileNames: 'app.js',
      chunkFileNames: (chunk) => {
        const panel = /elements\/(\w+)\/index\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
        return panel ? `panel-${panel}.js` : '[name].js';
      },
      format: 'es',
      sourcemap: true,
    },
    plugins: [
      defines(),
      ...code('tsconfig.json'),
      assets('static-files', staticFiles),
      assets('library-styles', libraryStyles),
    ],
    onwarn,
  },
  {
    input: 'src/worker/trainer/trainer-worker.ts',
    // h5wasm (4 MB, HDF5 in WebAssembly) is a chunk of its own, fetched at the first .h5
    // export or import; everything else stays in the worker's one file.
    output: {
      dir: dist,
      entryFileNames: 'trainer-worker.js',
      chunkFileNames: (chunk) =>
        chunk.moduleIds.some((id) => id.includes('/node_modules/h5wasm/')) ? 'h5wasm.js' : '[name].js',
      format: 'es',
      sourcemap: true,
    },
    plugins: [
      // Before the other transforms: it rewrites tfjs' own source text.
      wasmPthreads(),
      simdKernelsWasm(),
      // h5wasm's binary is a string in its script: escaped to ASCII it grows by a sixth.
      ...code('src/worker/tsconfig.json', { charset: 'utf8' }),
      assets('wasm-binaries', wasmBinaries),
      assets('mnist-data', mnistData),
    ],
    onwarn,
  },
  {
    input: 'src/worker/predictor/predictor-worker.ts',
    output: { file: `${dist}/predictor-worker.js`, format: 'es', sourcemap: true, inlineDynamicImports: true },
    plugins: [wasmPthreads(), ...code('src/worker/tsconfig.json')],
    onwarn,
  },
  {
    // A classic script: every browser that has service workers runs those.
    input: 'src/sw/sw.ts',
    output: { file: `${dist}/sw.js`, format: 'iife', sourcemap: true },
    plugins: [defines({ __SERVE_HEADERS__: JSON.stringify(serveHeaders()) }), ...code('src/sw/tsconfig.json')],
    onwarn,
  },
];
