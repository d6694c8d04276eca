// The fused Adam step on wasm gives tfjs' own Adam's weights and moments, bit for bit,
// and saves and loads as 'Adam'.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expect } from 'chai';
import { FusedAdamOptimizer } from '../../src/worker/model/fused-adam.js';
import { buildModel } from '../../src/worker/model/model.js';
import { trainStep } from '../../src/worker/training/train-step.js';
import { instantiateOn } from '../../src/worker/kernels/wasm/simd-module.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

const BATCH = 16;

async function values(tensors: tf.Tensor[]): Promise<number[][]> {
  return Promise.all(tensors.map(async (t) => Array.from(await t.data())));
}

async function optimizerValues(model: tf.LayersModel): Promise<number[][]> {
  return values((await model.optimizer.getWeights()).map((w) => w.tensor));
}

describe('fused Adam', () => {
  before(async () => {
    expect(await tf.setBackend('wasm')).to.equal(true);
  });

  after(async () => {
    await tf.setBackend('cpu');
  });

  it('computes each element as float32 operations in tfjs’ order, on both builds, any length', () => {
    const f = Math.fround;
    const [b1, b2, c1, c2, eps, lr] = [0.9, 0.999, f(1 - f(0.9 ** 3)), f(1 - f(0.999 ** 3)), 1e-7, 0.001];
    for (const shared of [false, true]) {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 4, shared });
      const kernels = instantiateOn(memory);
      if (!kernels) throw new Error(`the module did not instantiate (shared ${shared})`);
      const heap = new Float32Array(memory.buffer);
      const n = 11; // two groups of four and a tail of three
      const [x, m, v, g, x1, m1, v1] = [0, 16, 32, 48, 64, 80, 96];
      for (let i = 0; i < n; i++) {
        heap[x + i] = Math.sin(i) * 0.3;
        heap[m + i] = Math.cos(i) * 1e-3;
        heap[v + i] = (i % 3) * 1e-6;
        heap[g + i] = Math.sin(i * 2.3) * 0.05 * (i === 5 ? 0 : 1); // a zero gradient too
      }
      kernels.adam(x * 4, m * 4, v * 4, g * 4, x1 * 4, m1 * 4, v1 * 4, n, b1, 1 - b1, b2, 1 - b2, c1, c2, eps, -lr);
      for (let i = 0; i < n; i++) {
        const mm = f(f(heap[m + i] * f(b1)) + f(heap[g + i] * f(1 - b1)));
        const vv = f(f(heap[v + i] * f(b2)) + f(f(heap[g + i] * heap[g + i]) * f(1 - b2)));
        const step = f(f(f(mm / c1) / f(f(Math.sqrt(f(vv / c2))) + f(eps))) * f(-lr));
        expect([heap[x1 + i], heap[m1 + i], heap[v1 + i]], `element ${i}, shared ${shared}`).to.deep.equal([
          f(step + heap[x + i]),
          mm,
          vv,
        ]);
      }
    }
  });

  it('steps the notebook’s model exactly as tfjs’ Adam does, leaking nothing', async () => {
    const fused = buildModel(0.001, { dropout: 0 });
    const plain = buildModel(0.001, { dropout: 0 });
    plain.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7), loss: 'sparseCategoricalCrossentropy' });
    plain.setWeights(fused.getWeights());
    // (tfjs' optimizers answer instanceof by duck typing: compare constructors.)
    expect(fused.optimizer.constructor).to.equal(FusedAdamOptimizer);
    expect(plain.optimizer.constructor).to.equal(tf.AdamOptimizer);
    const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 7);
    const y = tf.randomUniform([BATCH, 1], 0, 10, 'int32', 8).toFloat();
    tf.dispose([trainStep(fused, x, y), trainStep(plain, x, y)]); // the moments are made
    const tensors = tf.memory().numTensors;
    for (let step = 0; step < 3; step++) tf.dispose([trainStep(fused, x, y), trainStep(plain, x, y)]);
    expect(tf.memory().numTensors, 'tensors after the steps').to.equal(tensors);
    expect((fused.optimizer as FusedAdamOptimizer).lastStepFused, 'the fused kernel ran').to.equal(true);

    const [a, b] = [await values(fused.getWeights()), await values(plain.getWeights())];
    for (let i = 0; i < a.length; i++) expect(a[i], `weight ${fused.weights[i].name}`).to.deep.equal(b[i]);
    const [ma, mb] = [await optimizerValues(fused), await optimizerValues(plain)];
    expect(ma).to.have.length(1 + 2 * fused.trainableWeights.length); // the step count, then m and v
    for (let i = 0; i < ma.length; i++) expect(ma[i], `optimizer weight ${i}`).to.deep.equal(mb[i]);
    // It learned at all: the weights moved.
    const initial = await values(buildModel(0.001).getWeights());
    expect(a[0]).not.to.deep.equal(initial[0]);
    tf.dispose([x, y]);
    fused.dispose();
    plain.dispose();
  });

  it('saves as Adam, with Adam’s weights, and loads back fused', async () => {
    const model = buildModel(0.001, { dropout: 0 });
    const x = tf.randomUniform([BATCH, 28, 28, 1], 0, 1, 'float32', 9);
    const y = tf.randomUniform([BATCH, 1], 0, 10, 'int32', 10).toFloat();
    tf.dispose([trainStep(model, x, y), trainStep(model, x, y)]);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler((artifacts) => {
        saved = artifacts;
        return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
      }),
      { includeOptimizer: true },
    );
    if (!saved) throw new Error('nothing was saved');
    const config = saved.trainingConfig as unknown as { optimizer_config: { class_name: string } };
    expect(config.optimizer_config.class_name).to.equal('Adam');
    const names = (saved.weightSpecs ?? []).map((spec) => spec.name);
    const moments = (suffix: string) => names.filter((name) => name.endsWith(suffix)).length;
    expect([moments('/m'), moments('/v')]).to.deep.equal([18, 18]); // the trainable weights'
    expect(names).to.include('iter');

    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved));
    expect(loaded.optimizer.constructor).to.equal(FusedAdamOptimizer);
    expect(loaded.optimizer.iterations).to.equal(2);
    expect(await optimizerValues(loaded)).to.deep.equal(await optimizerValues(model));
    tf.dispose([trainStep(loaded, x, y)]);
    expect((loaded.optimizer as FusedAdamOptimizer).lastStepFused).to.equal(true);
    tf.dispose([x, y]);
    model.dispose();
    loaded.dispose();
  });
});
