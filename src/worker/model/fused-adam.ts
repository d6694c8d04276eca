// Adam as tfjs' AdamOptimizer computes it, in one kernel a variable on the wasm backend.
// tfjs runs 13 small kernels a variable (about 240 a step for this model), and on wasm
// their calls cost more than their arithmetic. The fused kernel does the same float32
// operations in the same order, so the weights and moments come out the same; it
// saves and loads as 'Adam', with the same weights, so checkpoints are unchanged.
import * as tf from '@tensorflow/tfjs';
import { simdKernelRuns } from '../kernels/wasm/simd-module.js';
import { FUSED_ADAM, type FusedAdamAttrs } from '../kernels/wasm/adam.js';

interface MomentVariable {
  originalName: string;
  variable: tf.Variable;
}

/** AdamOptimizer's private state, which its getWeights and setWeights read and write. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: MomentVariable[];
  accumulatedSecondMoment: MomentVariable[];
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  /** Whether the last step ran the fused kernel (tests check it did not fall back). */
  lastStepFused = false;

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    this.lastStepFused = simdKernelRuns(FUSED_ADAM);
    if (!this.lastStepFused) {
      super.applyGradients(variableGradients);
      return;
    }
    // AdamOptimizer.applyGradients (tfjs 4.22) step for step, but for the one kernel.
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    const attrs: FusedAdamAttrs = {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      learningRate: this.learningRate,
    };
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        const zeros = (suffix: string): MomentVariable => ({
          originalName: `${name}/${suffix}`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        });
        state.accumulatedFirstMoment[i] ??= zeros('m');
        state.accumulatedSecondMoment[i] ??= zeros('v');
        const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i].variable;
        const v = state.accumulatedSecondMoment[i].variable;
        const inputs = { x: value, m, v, g: gradient, oneMinusAccBeta1, oneMinusAccBeta2 };
        const [x1, m1, v1] = tf.engine().runKernel<tf.Tensor[]>(FUSED_ADAM, inputs, { ...attrs });
        m.assign(m1);
        v.assign(v1);
        value.assign(x1);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

// A saved model's optimizer ('Adam') loads as this class, so resumed runs fuse too.
tf.serialization.SerializationMap.register(FusedAdamOptimizer);
