// What the trainer bundle exposes when started as a probe (`wasm-threads-N`, see
// backends/wasm-threads.ts): wasm on N threads, timed on a few training steps.
import type { WasmProbe } from '../backends/wasm-threads.js';
import { assertCanTrain, switchToBackend } from '../backends/backend.js';
import { measureTrainingSpeed } from '../training/training-speed.js';

export function wasmThreadsProbe(threads: number): WasmProbe {
  return {
    async measure(options) {
      const info = await switchToBackend('wasm');
      assertCanTrain('wasm');
      return { ...info, threads, speed: await measureTrainingSpeed(options) };
    },
  };
}
