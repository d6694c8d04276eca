// Compiles src/worker/kernels/wasm/simd-kernels.wat (our SIMD kernels on the wasm backend's heap) with
// wabt at build and test time, and serves the bytes as the module
// src/worker/kernels/wasm/simd-kernels-wasm.js (typed by the .d.ts beside it): to Rollup as a
// virtual module, to web-test-runner as a served file. Two binaries, since a module
// must import the threaded backend's memory as shared and the other's as not.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WAT = resolve(root, 'src/worker/kernels/wasm/simd-kernels.wat');
/** The generated module's path in the source tree, and the URL tests load it from. */
const MODULE = resolve(root, 'src/worker/kernels/wasm/simd-kernels-wasm.js');
const MODULE_URL = '/src/worker/kernels/wasm/simd-kernels-wasm.js';
const SHARED_MEMORY = '(import "env" "memory" (memory 1 65536 shared))';
// Without a maximum: the single-threaded backend's memory has none to match.
const PLAIN_MEMORY = '(import "env" "memory" (memory 1))';

/** The module's source: both binaries, base64. */
export async function simdKernelsSource() {
  const text = await readFile(WAT, 'utf8');
  if (!text.includes(SHARED_MEMORY)) throw new Error(`simd-kernels-wasm: ${WAT} must import ${SHARED_MEMORY}`);
  const tools = await wabt();
  const compile = (source) => {
    const module = tools.parseWat(WAT, source, { simd: true, threads: true, bulk_memory: true });
    try {
      // (wabt's validate() ignores the features: "memories may not be shared". The
      // engine validates the bytes, here and in the browser.)
      const bytes = module.toBinary({}).buffer;
      new WebAssembly.Module(bytes);
      return Buffer.from(bytes).toString('base64');
    } finally {
      module.destroy();
    }
  };
  return [
    '// Generated from simd-kernels.wat by scripts/simd-kernels-wasm.mjs.',
    `export const sharedMemoryKernels = ${JSON.stringify(compile(text))};`,
    `export const plainMemoryKernels = ${JSON.stringify(compile(text.replace(SHARED_MEMORY, PLAIN_MEMORY)))};`,
    '',
  ].join('\n');
}

/** Rollup plugin. */
export function simdKernelsWasm() {
  const id = '\0simd-kernels-wasm';
  return {
    name: 'simd-kernels-wasm',
    resolveId(source, importer) {
      if (importer && resolve(dirname(importer), source) === MODULE) return id;
      return null;
    },
    async load(loaded) {
      if (loaded !== id) return null;
      this.addWatchFile(WAT);
      return simdKernelsSource();
    },
  };
}

/** web-test-runner (dev server) plugin. */
export function simdKernelsWasmServer() {
  return {
    name: 'simd-kernels-wasm',
    async serve(context) {
      if (context.path === MODULE_URL) return { body: await simdKernelsSource(), type: 'js' };
      return undefined;
    },
  };
}
