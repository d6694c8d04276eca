// Our WebAssembly SIMD module (kernels/wasm/simd-kernels.wat) against plain loops, in
// both builds, and on the wasm backend's own memory.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { instantiateOn, wasmSimdKernelsActive } from '../../src/worker/kernels/wasm/simd-module.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';
import { expectClose } from '../support/expect-close.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

describe('the SIMD module', () => {
  after(async () => {
    await tf.setBackend('cpu');
  });

  it('runs both builds of the SIMD module (shared and unshared memory) like plain loops', () => {
    // The tests' page is not cross-origin isolated, so the backend here is single-threaded:
    // the shared-memory build (the threaded backend's) is checked on a memory of our own.
    for (const shared of [false, true]) {
      const memory = new WebAssembly.Memory({ initial: 16, maximum: 64, shared });
      const kernels = instantiateOn(memory);
      if (!kernels) throw new Error(`the module did not instantiate (shared ${shared})`);
      const heap = new Float32Array(memory.buffer);
      let next = 64; // element index; byte offsets are 4x
      const place = (n: number): number => {
        const at = next;
        next += n + 16;
        for (let i = 0; i < n; i++) heap[at + i] = Math.round(Math.sin(at + i * 7.1) * 8) / 4; // ties too
        return at;
      };
      // MaxPoolGrad, [2, 5, 7, 8] (odd sizes: the last row and column get 0).
      const [b, h, w, c] = [2, 5, 7, 8];
      const [x, dy, dx] = [place(b * h * w * c), place(b * 2 * 3 * c), place(b * h * w * c)];
      kernels.maxPoolGrad2x2(x * 4, dy * 4, dx * 4, b, h, w, c, 2, 3);
      const expected = new Float32Array(b * h * w * c);
      for (let i = 0, g = 0; i < b * 2 * 3; i++) {
        const [n, oy, ox] = [Math.floor(i / 6), Math.floor(i / 3) % 2, i % 3];
        for (let ch = 0; ch < c; ch++, g++) {
          const at = (dyx: number, dxx: number): number => ((n * h + oy * 2 + dyx) * w + ox * 2 + dxx) * c + ch;
          let best = at(0, 0);
          for (const p of [at(0, 1), at(1, 0), at(1, 1)]) if (heap[x + p] > heap[x + best]) best = p;
          expected[best] = heap[dy + g];
        }
      }
      expectClose(heap.slice(dx, dx + expected.length), expected, `MaxPoolGrad, shared ${shared}`);
      // Sum and mean of [300, 12] over rows.
      const [src, dst, scratch] = [place(300 * 12), place(12), place(24)];
      kernels.sumLeading(src * 4, dst * 4, scratch * 4, 300, 12, 0.5);
      const sums = new Float32Array(12);
      for (let i = 0; i < 300 * 12; i++) sums[i % 12] += heap[src + i] * 0.5;
      expectClose(heap.slice(dst, dst + 12), sums, `sumLeading, shared ${shared}`);
      // The 3x3 filter gradient of a [2, 6, 5, 1] input, 8 output channels.
      const [xi, dyi, dw] = [place(2 * 6 * 5), place(2 * 4 * 3 * 8), place(9 * 8)];
      kernels.conv2dFilter3x3(xi * 4, dyi * 4, dw * 4, 2, 6, 5, 8);
      const grads = new Float32Array(9 * 8);
      for (let n = 0; n < 2; n++)
        for (let y = 0; y < 4; y++)
          for (let xx = 0; xx < 3; xx++)
            for (let k = 0; k < 9; k++)
              for (let o = 0; o < 8; o++)
                grads[k * 8 + o] +=
                  heap[xi + (n * 6 + y + Math.floor(k / 3)) * 5 + xx + (k % 3)] *
                  heap[dyi + ((n * 4 + y) * 3 + xx) * 8 + o];
      expectClose(heap.slice(dw, dw + grads.length), grads, `conv2dFilter3x3, shared ${shared}`);
    }
  });

  it('runs the SIMD module on the backend’s memory', async () => {
    await tf.setBackend('wasm');
    // (Whether the page is cross-origin isolated decides the threaded build and its shared memory.)
    expect(wasmSimdKernelsActive(), `crossOriginIsolated ${String(crossOriginIsolated)}`).to.equal(true);
  });
});
