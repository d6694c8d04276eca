// Our WebAssembly SIMD kernels (simd-kernels.wat), instantiated on the wasm backend's own
// memory so they read and write tensors where they lie. Where the memory cannot be
// found or the module does not instantiate, callers keep their JavaScript loops.
import { findBackend, getBackend, getKernel, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { plainMemoryKernels, sharedMemoryKernels } from './simd-kernels-wasm.js';

/** The module's exports; pointers are byte offsets into the backend's memory. */
export interface SimdKernels {
  maxPoolGrad2x2(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  sumLeading(src: number, dst: number, scratch: number, rows: number, kept: number, scale: number): void;
  conv2dFilter3x3(
    x: number,
    dy: number,
    dw: number,
    batch: number,
    inHeight: number,
    inWidth: number,
    outChannels: number,
  ): void;
  adam(
    x: number,
    m: number,
    v: number,
    g: number,
    xOut: number,
    mOut: number,
    vOut: number,
    count: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    c1: number,
    c2: number,
    epsilon: number,
    negativeLearningRate: number,
  ): void;
  channelSums(a: number, b: number, center: number, sums: number, rows: number, channels: number): void;
  channelAffine(a: number, b: number, center: number, k: number, out: number, rows: number, channels: number): void;
}

const instances = new WeakMap<BackendWasm, SimdKernels | null>();

/**
 * The emscripten module's memory: the threaded glue keeps it as Module.wasmMemory, the
 * single-threaded one exports it as Module.asm.memory.
 */
function memoryOf(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = (backend as unknown as { wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } } }).wasm;
  for (const memory of [module?.wasmMemory, module?.asm?.memory])
    if (memory instanceof WebAssembly.Memory) return memory;
  return undefined;
}

/** The module on a memory (the variant its sharing asks for), or null where it does not instantiate. */
export function instantiateOn(memory: WebAssembly.Memory): SimdKernels | null {
  // By tag: the global SharedArrayBuffer is hidden where the page is not cross-origin isolated.
  const shared = Object.prototype.toString.call(memory.buffer) === '[object SharedArrayBuffer]';
  const bytes = Uint8Array.from(atob(shared ? sharedMemoryKernels : plainMemoryKernels), (c) => c.charCodeAt(0));
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as SimdKernels;
  } catch {
    return null; // no SIMD, or a memory the import does not match
  }
}

function instantiate(backend: BackendWasm): SimdKernels | null {
  const memory = memoryOf(backend);
  return memory ? instantiateOn(memory) : null;
}

/** The kernels on this backend's memory, or undefined where they cannot run. */
export function simdKernels(backend: BackendWasm): SimdKernels | undefined {
  let kernels = instances.get(backend);
  if (kernels === undefined) {
    kernels = instantiate(backend);
    instances.set(backend, kernels);
  }
  return kernels ?? undefined;
}

/** The kernels, for a kernel that has no other way to run. */
export function requireSimdKernels(backend: BackendWasm, kernel: string): SimdKernels {
  const kernels = simdKernels(backend);
  if (!kernels) throw new Error(`${kernel} needs the SIMD module, which did not start on this backend.`);
  return kernels;
}

/** Whether the registered wasm backend runs these kernels (tests check it did not fall back). */
export function wasmSimdKernelsActive(): boolean {
  const backend = findBackend('wasm') as BackendWasm | null;
  return backend !== null && simdKernels(backend) !== undefined;
}

/** Whether a kernel of ours that needs the module runs now: wasm is the backend, both are there. */
export function simdKernelRuns(kernel: string): boolean {
  return getBackend() === 'wasm' && getKernel(kernel, 'wasm') !== undefined && wasmSimdKernelsActive();
}

/** Scratch memory on the backend's heap for the body's duration. */
export function withScratch<T>(backend: BackendWasm, floats: number, body: (scratch: TensorInfo) => T): T {
  const scratch = backend.makeOutput([floats], 'float32');
  try {
    return body(scratch);
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

/** A tensor's byte offset in the backend's memory. */
export function pointer(backend: BackendWasm, t: TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('A wasm kernel was given a tensor the backend does not hold.');
  return data.memoryOffset;
}
