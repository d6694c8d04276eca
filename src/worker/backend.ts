// Chooses and starts the tfjs backend for training. `auto` prefers WebGPU only on a
// real adapter: on a software (fallback) adapter it trains slower than WebGL.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../shared/train-config.js';
import type { BackendInfo } from './trainer-api.js';

// The wasm binaries sit next to the worker bundle (placed by the build).
setWasmPaths(new URL('./', import.meta.url).href);

type BackendName = BackendInfo['name'];

async function gpuAdapter(): Promise<GPUAdapter | null> {
  if (!('gpu' in navigator)) return null;
  try {
    return await navigator.gpu.requestAdapter();
  } catch {
    return null;
  }
}

function isFallback(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const legacy = adapter as GPUAdapter & { isFallbackAdapter?: boolean };
  return Boolean(info.isFallbackAdapter ?? legacy.isFallbackAdapter);
}

/** What `auto` tries, in order. */
async function autoCandidates(): Promise<BackendName[]> {
  const adapter = await gpuAdapter();
  return adapter && !isFallback(adapter) ? ['webgpu', 'webgl', 'cpu'] : ['webgl', 'cpu'];
}

async function start(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  return tf.setBackend(name).catch(() => false);
}

async function describe(name: BackendName): Promise<string> {
  switch (name) {
    case 'webgpu': {
      const adapter = await gpuAdapter();
      if (!adapter) return 'WebGPU';
      const { vendor, architecture, description } = adapter.info;
      const text = [vendor, architecture, description].filter(Boolean).join(' ');
      return `${text || 'unknown adapter'}${isFallback(adapter) ? ' (fallback adapter)' : ''}`;
    }
    case 'webgl': {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
      const debug = gl?.getExtension('WEBGL_debug_renderer_info');
      return String(
        (gl && debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER)) ?? 'WebGL',
      );
    }
    case 'wasm': {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD';
      return `WebAssembly, ${simd}, ${getThreadsCount()} thread(s)`;
    }
    case 'cpu':
      return 'plain JavaScript on the CPU';
  }
}

/** Starts the chosen backend (each at most once) and says which one runs and on what. */
export async function useBackend(choice: BackendChoice): Promise<BackendInfo> {
  const candidates = choice === 'auto' ? await autoCandidates() : [choice];
  for (const name of candidates) {
    if (await start(name)) return { name, description: await describe(name) };
  }
  const why = choice === 'webgpu' ? ' (no WebGPU adapter in this browser)' : '';
  throw new Error(`The ${choice} backend could not start${why}. Choose another backend.`);
}

/** Kernels that training needs and a backend may lack (wasm lacks the first: tfjs issue 8474). */
const TRAINING_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad'];

export function assertCanTrain(name: BackendName): void {
  const missing = TRAINING_KERNELS.filter((kernel) => !tf.getKernel(kernel, name));
  if (missing.length > 0) {
    throw new Error(
      `The ${name} backend cannot train this model: tfjs has no ${missing.join(', ')} kernel for it. Choose webgl, webgpu or cpu.`,
    );
  }
}
