// Adam's update as one kernel of the SIMD module on the wasm backend, for the optimizer in
// model/fused-adam.ts: tfjs' Adam runs 13 kernels a variable for the same float32
// operations, in the same order.
import { registerKernel, util, type KernelFunc } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputOf } from './heap-loops.js';
import { pointer, requireSimdKernels } from './simd-module.js';

/** The fused Adam update's name; the optimizer in fused-adam.ts runs it. */
export const FUSED_ADAM = 'FusedAdam';

export interface FusedAdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/**
 * Adam's step for one variable in one pass of the SIMD module: inputs x, m, v, g and the
 * scalars oneMinusAccBeta1 and 2 (1 - beta^t, on the backend); outputs x', m', v'.
 */
const fusedAdam: KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as BackendWasm;
  const simd = requireSimdKernels(wasm, FUSED_ADAM);
  const [x, m, v, g] = ['x', 'm', 'v', 'g'].map((name) => inputOf(inputs, name));
  for (const t of [m, v, g]) {
    if (t.dtype !== 'float32' || x.dtype !== 'float32' || util.sizeFromShape(t.shape) !== util.sizeFromShape(x.shape))
      throw new Error(`${FUSED_ADAM}: shapes [${x.shape.join()}] and [${t.shape.join()}] (float32 both) do not match.`);
  }
  const scalar = (name: string): number => wasm.typedArrayFromHeap(inputOf(inputs, name))[0];
  const [c1, c2] = [scalar('oneMinusAccBeta1'), scalar('oneMinusAccBeta2')];
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as FusedAdamAttrs;
  const outputs = [x, m, v].map((t) => wasm.makeOutput(t.shape, 'float32'));
  const [xOut, mOut, vOut] = outputs.map((t) => pointer(wasm, t));
  const count = util.sizeFromShape(x.shape);
  const [xp, mp, vp, gp] = [x, m, v, g].map((t) => pointer(wasm, t));
  // 1 - beta and -lr in double, then float32, as tfjs makes its scalars.
  simd.adam(
    xp,
    mp,
    vp,
    gp,
    xOut,
    mOut,
    vOut,
    count,
    beta1,
    1 - beta1,
    beta2,
    1 - beta2,
    c1,
    c2,
    epsilon,
    -learningRate,
  );
  return outputs;
};

/** Registers the fused Adam kernel for the wasm backend. */
export function registerWasmAdam(): void {
  registerKernel({ kernelName: FUSED_ADAM, backendName: 'wasm', kernelFunc: fusedAdam });
}
