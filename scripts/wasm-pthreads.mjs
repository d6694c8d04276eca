// tfjs-backend-wasm's threaded SIMD binary starts its pthread workers from blob: URLs
// (the worker script from a string, the emscripten glue it imports from the factory's
// source), so a CSP without blob: in worker-src and script-src stops it. This plugin
// rewrites that one tfjs module to use same-origin files beside the worker bundle, and
// emits those files from the package's own copies, so `worker-src 'self'` and
// `script-src 'self' 'wasm-unsafe-eval'` are enough. It fails the build when the code it
// rewrites is not there (a tfjs upgrade must not silently bring the blobs back).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const MODULE = '/@tensorflow/tfjs-backend-wasm/dist/backend_wasm.js';
/** The names emscripten's glue asks for (locateFile) and the one the pthreads import. */
export const PTHREAD_WORKER = 'tfjs-backend-wasm-threaded-simd.worker.js';
export const PTHREAD_MAIN = 'tfjs-backend-wasm-threaded-simd.js';

const REWRITES = [
  {
    what: "locateFile's blob: URL for the pthread worker script",
    // The worker script sits beside the .wasm files: same folder rule as theirs.
    from: /const response = wasmWorkerContents\.replace\([^;]*\);\s*const blob = new Blob\(\[response\][^;]*\);\s*return URL\.createObjectURL\(blob\);/,
    to: 'return (wasmPathPrefix != null ? wasmPathPrefix : prefix) + path;',
  },
  {
    what: 'the Blob of the factory source given to each pthread as mainScriptUrlOrBlob',
    // The pthread worker importScripts() a string as a URL, relative to its own script,
    // which is in the same folder. The file defines the global WasmBackendModuleThreadedSimd
    // the worker calls, as the blob did.
    from: /factoryConfig\.mainScriptUrlOrBlob = new Blob\(\[[^\]]*wasmFactoryThreadedSimd\.toString\(\)\][^;]*\);/,
    to: `factoryConfig.mainScriptUrlOrBlob = ${JSON.stringify(PTHREAD_MAIN)};`,
  },
];

/** The rewritten module source; throws naming what it could not find. */
export function rewriteBackendWasm(code) {
  let out = code;
  for (const { what, from, to } of REWRITES) {
    const matches = out.match(new RegExp(from.source, 'g'))?.length ?? 0;
    if (matches !== 1) throw new Error(`wasm-pthreads: expected ${what} once in ${MODULE}, found it ${matches} times`);
    // Same number of lines as before, so the module's source map stays right below it.
    out = out.replace(from, (found) => to + '\n'.repeat(found.split('\n').length - 1));
  }
  if (/new Blob|createObjectURL/.test(out)) throw new Error(`wasm-pthreads: ${MODULE} still makes a Blob or blob: URL`);
  return out;
}

/** The two scripts, from the package's wasm-out folder (the code the bundle inlines). */
async function pthreadFiles() {
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  // A CommonJS module exporting the worker's source as a template string; tfjs escapes
  // its one "\n" back before making the blob, and so must a file.
  const { wasmWorkerContents } = require(join(wasmOut, PTHREAD_WORKER));
  if (typeof wasmWorkerContents !== 'string' || !wasmWorkerContents.includes('importScripts(e.data.urlOrBlob)'))
    throw new Error(`wasm-pthreads: ${PTHREAD_WORKER} no longer exports the worker source tfjs 4.22 did`);
  return [
    { fileName: PTHREAD_WORKER, source: wasmWorkerContents.replace(/\n/g, '\\n') },
    { fileName: PTHREAD_MAIN, source: await readFile(join(wasmOut, PTHREAD_MAIN)) },
  ];
}

/** Rollup plugin for a bundle that contains tfjs-backend-wasm. */
export function wasmPthreads() {
  let rewritten = false;
  return {
    name: 'wasm-pthreads',
    buildStart() {
      rewritten = false;
    },
    transform(code, id) {
      if (!id.split('\\').join('/').endsWith(MODULE)) return null;
      rewritten = true;
      return { code: rewriteBackendWasm(code), map: null }; // lines kept (see above)
    },
    buildEnd(error) {
      if (!error && !rewritten) this.error(`wasm-pthreads: ${MODULE} was not in the bundle, so nothing was rewritten`);
    },
    async generateBundle() {
      for (const { fileName, source } of await pthreadFiles()) this.emitFile({ type: 'asset', fileName, source });
    },
  };
}
