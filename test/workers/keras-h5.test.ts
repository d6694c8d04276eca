// Keras .h5 through the built trainer worker: the notebook's model as Keras 3 saved it
// imported with Keras' own predictions and Adam's state, a run trained here exported in
// tf.keras 2's layout and imported back unchanged, and bad files refused by name with
// nothing stored. Files are read and altered here with h5wasm, as the worker reads them.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import h5wasm, { type Dataset, type File as H5File, type Group } from 'h5wasm';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { CheckpointStore } from '../../src/worker/storage/checkpoints.js';
import { DEFAULT_CONFIG } from '../../src/shared/train-config.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });
const FIXTURE = 'mnist_cnn_a.keras3.h5';

interface Reference {
  testAccuracy: number;
  indices: number[];
  probabilities: number[][];
}

interface MemoryFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array<ArrayBuffer>;
  unlink(path: string): void;
}

/** Opens the bytes with h5wasm for `use` ('a': to change them); the file's bytes after. */
async function withH5(
  bytes: Uint8Array,
  mode: 'r' | 'a',
  use: (file: H5File) => void,
): Promise<Uint8Array<ArrayBuffer>> {
  const fs = (await h5wasm.ready).FS as unknown as MemoryFs;
  const path = `/test-${crypto.randomUUID()}.h5`;
  fs.writeFile(path, bytes);
  try {
    const file = new h5wasm.File(path, mode);
    try {
      use(file);
    } finally {
      file.close();
    }
    return fs.readFile(path);
  } finally {
    fs.unlink(path);
  }
}

/** A run's stored Adam state as tfjs lists it: [iter, m..., v...]. */
async function storedAdam(runId: string): Promise<Float32Array[]> {
  const store = await CheckpointStore.open();
  try {
    const model = await store.loadModel((await store.get(runId))!);
    const weights = await model.optimizer.getWeights();
    const arrays = await Promise.all(weights.map(async (w) => Float32Array.from(await w.tensor.data())));
    weights[0].tensor.dispose();
    model.dispose();
    return arrays;
  } finally {
    store.close();
  }
}

/** A run's stored model weights by name ("conv2d/kernel"). */
async function storedWeights(runId: string): Promise<Map<string, Float32Array>> {
  const store = await CheckpointStore.open();
  try {
    const model = await store.loadModel((await store.get(runId))!);
    const pairs = await Promise.all(
      model.weights.map(async (w) => [w.originalName, (await w.read().data()) as Float32Array] as const),
    );
    model.dispose();
    return new Map(pairs);
  } finally {
    store.close();
  }
}

/** A list of names as h5wasm reads it (an empty list is an empty float64 array). */
const names = (value: unknown): string[] => Array.from(value as ArrayLike<unknown>, String);

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown> & { name: string; batch_input_shape?: unknown };
}
interface TrainingConfig {
  loss: string;
  loss_weights: null;
  metrics: string[];
  optimizer_config: { class_name: string; config: Record<string, unknown> };
}

describe('Keras .h5 files', () => {
  let trainer: TrainerClient;
  let fixture: Uint8Array<ArrayBuffer>;
  let reference: Reference;
  before(async () => {
    await tf.setBackend('cpu');
    trainer = new TrainerClient(builtWorker);
    await trainer.data.load(() => {});
    fixture = new Uint8Array(await (await fetch(`/keras-fixtures/${FIXTURE}`)).arrayBuffer());
    reference = (await (await fetch('/keras-fixtures/mnist_cnn_a.reference.json')).json()) as Reference;
  });
  after(() => trainer.terminate());

  it("imports Keras 3's .h5 with Keras' predictions, accuracy and Adam state, and trains it further from there", async () => {
    const run = await trainer.runs.importModel([new File([fixture], FIXTURE)]);
    expect(run).to.include({ status: 'imported', name: `Imported ${FIXTURE}` });
    const report = await trainer.evaluation.score(run.id, () => {});
    let worst = 0;
    reference.indices.forEach((image, k) => {
      for (let c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(report.probabilities[image * 10 + c] - reference.probabilities[k][c]));
      }
    });
    const adam = await storedAdam(run.id);
    console.log(`Keras 3 .h5: worst probability difference ${worst}, accuracy ${report.accuracy}, step ${adam[0][0]}`);
    expect(worst).to.be.at.most(1e-5);
    expect(Math.abs(report.accuracy - reference.testAccuracy)).to.be.at.most(1e-4);
    // iter, then 18 m's, then 18 v's: the file's moments, matched to the weights in order.
    expect(adam).to.have.length(37);
    expect(adam[0][0]).to.equal(750);
    await withH5(fixture, 'r', (file) => {
      const momentum = (file.get('optimizer_weights/adam/sequential_conv2d_kernel_momentum') as Dataset).value;
      const velocity = (file.get('optimizer_weights/adam/sequential_dense_2_bias_velocity') as Dataset).value;
      expect(adam[1]).to.deep.equal(momentum);
      expect(adam[36]).to.deep.equal(velocity);
    });

    // Resume (Models view): trained further as a run of its own, Adam going on from step 750.
    const iterations: number[] = [];
    const further = await trainer.training.trainFurther(
      run.id,
      { ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 320, batchSize: 64 },
      (event) => {
        if (event.type === 'epoch') iterations.push(event.iterations);
      },
    );
    expect(iterations).to.deep.equal([750 + 4], 'step 750 and 4 batches of 64 of the 256 training images');
    const runs = await trainer.runs.list();
    expect(runs.find((saved) => saved.id === further.runId)).to.include({
      name: `Imported ${FIXTURE}, trained further`,
      status: 'completed',
      epoch: 1,
    });
    expect(runs.find((saved) => saved.id === run.id)).to.include({ status: 'imported' }, 'the import stays as it came');
    await trainer.runs.delete(further.runId);
    await trainer.runs.delete(run.id);
  });

  it("exports a trained run in tf.keras 2's layout, and imports it back unchanged", async () => {
    const { runId } = await trainer.training.start(
      { ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 400 },
      () => {},
    );
    const exported = await trainer.runs.exportKerasH5(runId);
    expect(exported.baseName).to.match(/^Run-of-[\w-]+$/);
    const bytes = new Uint8Array(exported.bytes);
    const original = await storedWeights(runId);
    const adam = await storedAdam(runId);

    await withH5(bytes, 'r', (file) => {
      expect(file.attrs.keras_version.value).to.equal('2.15.0');
      expect(file.attrs.backend.value).to.equal('tensorflow');
      const model = JSON.parse(file.attrs.model_config.value as string) as {
        class_name: string;
        config: { layers: KerasLayer[] };
      };
      expect(model.class_name).to.equal('Sequential');
      const [input, ...layers] = model.config.layers;
      expect(input).to.deep.include({ class_name: 'InputLayer' });
      expect(input.config.batch_input_shape).to.deep.equal([null, 28, 28, 1]);
      expect(layers.map((l) => l.class_name)).to.deep.equal([
        ...['Conv2D', 'MaxPooling2D', 'BatchNormalization', 'Conv2D', 'MaxPooling2D', 'BatchNormalization'],
        ...['Flatten', 'Dense', 'Dropout', 'BatchNormalization', 'Dense', 'Dropout', 'BatchNormalization', 'Dense'],
      ]);
      expect(layers[0].config).to.include({ name: 'conv2d', filters: 32, activation: 'relu', dtype: 'float32' });
      expect(layers[2].config).to.include({ axis: 3, momentum: 0.99, epsilon: 0.001 });
      expect(layers[9].config).to.include({ name: 'batch_normalization_2', axis: 1 }); // after a Dense
      expect(layers[13].config).to.include({ units: 10, activation: 'softmax' });
      const training = JSON.parse(file.attrs.training_config.value as string) as TrainingConfig;
      expect(training).to.include({ loss: 'sparse_categorical_crossentropy', loss_weights: null });
      expect(training.metrics).to.deep.equal(['accuracy']);
      expect(training.optimizer_config.class_name).to.equal('Adam');
      expect(training.optimizer_config.config).to.include({
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
      });
      expect(training.optimizer_config.config).to.not.have.any.keys('jit_compile', 'is_legacy_optimizer');

      const weights = file.get('model_weights') as Group;
      const layerNames = names(weights.attrs.layer_names.value);
      expect(layerNames).to.deep.equal(layers.map((l) => l.config.name));
      const weightNames = (layer: string) =>
        names((file.get(`model_weights/${layer}`) as Group).attrs.weight_names.value);
      expect(weightNames('conv2d')).to.deep.equal(['conv2d/kernel:0', 'conv2d/bias:0']);
      expect(weightNames('dropout')).to.deep.equal([]);
      // Each layer's own order: gamma, beta, then the moving statistics.
      expect(weightNames('batch_normalization_3')).to.deep.equal([
        'batch_normalization_3/gamma:0',
        'batch_normalization_3/beta:0',
        'batch_normalization_3/moving_mean:0',
        'batch_normalization_3/moving_variance:0',
      ]);
      // Every dataset holds the weight its name says (a gamma/beta swap loads silently in Keras).
      let datasets = 0;
      for (const layer of layerNames) {
        for (const name of weightNames(layer)) {
          const dataset = file.get(`model_weights/${layer}/${name}`) as Dataset;
          expect(dataset.value, name).to.deep.equal(original.get(name.replace(/:0$/, '')));
          datasets++;
        }
      }
      expect(datasets).to.equal(original.size);

      const optimizerNames = names((file.get('optimizer_weights') as Group).attrs.weight_names.value);
      expect(optimizerNames).to.have.length(37);
      expect(optimizerNames.slice(0, 4)).to.deep.equal([
        'Adam/iter:0',
        'Adam/conv2d/kernel/m:0',
        'Adam/conv2d/bias/m:0',
        'Adam/batch_normalization/gamma/m:0',
      ]);
      expect(optimizerNames[19]).to.equal('Adam/conv2d/kernel/v:0');
      expect(optimizerNames[36]).to.equal('Adam/dense_2/bias/v:0');
      const iter = file.get('optimizer_weights/Adam/iter:0') as Dataset;
      expect(iter.dtype).to.equal('<q');
      expect(Number(iter.value)).to.equal(adam[0][0]).and.be.above(0);
      optimizerNames.slice(1).forEach((name, i) => {
        const dataset = file.get(`optimizer_weights/${name}`) as Dataset;
        expect(dataset.value, name).to.deep.equal(adam[i + 1]);
      });
    });

    const imported = await trainer.runs.importModel([new File([bytes], `${exported.baseName}.h5`)]);
    expect(imported.name).to.equal(`Imported ${exported.baseName}.h5`);
    const [before, after] = [
      await trainer.evaluation.score(runId, () => {}),
      await trainer.evaluation.score(imported.id, () => {}),
    ];
    let worst = 0;
    for (let i = 0; i < 10_000 * 10; i++) {
      worst = Math.max(worst, Math.abs(before.probabilities[i] - after.probabilities[i]));
    }
    console.log(`exported and imported: worst probability difference ${worst}, step ${adam[0][0]}`);
    expect(worst).to.be.at.most(1e-6);
    expect(await storedAdam(imported.id)).to.deep.equal(adam);
    await trainer.runs.delete(imported.id);
  });

  it('refuses each kind of bad .h5 by name, and stores nothing', async () => {
    const runsBefore = await trainer.runs.list();
    const config = (file: H5File, change: (text: string) => string) => {
      const text = file.attrs.model_config.value as string;
      file.delete_attribute('model_config');
      file.create_attribute('model_config', change(text));
    };
    const altered = async (name: string, change: (file: H5File) => void) =>
      new File([await withH5(fixture, 'a', change)], name);
    const cases: [string, File, RegExp][] = [
      [
        'not HDF5',
        new File(['<html>a page</html>'], 'page.h5'),
        /^Cannot import "page\.h5": it is not an HDF5 file \(no HDF5 signature\)/,
      ],
      [
        'cut off',
        new File([fixture.slice(0, 1_000_000)], 'cut.h5'),
        /^Cannot import "cut\.h5": it is cut off: 1000000 bytes of the 2884360 its header declares\.$/,
      ],
      [
        'a soft link',
        await altered('soft.h5', (file) => file.create_soft_link('/model_weights/dense_2', 'shortcut')),
        /^Cannot import "soft\.h5": it has a soft link at \/shortcut: this app follows no links\.$/,
      ],
      [
        'an external link',
        await altered('external.h5', (file) => file.create_external_link('other.h5', '/weights', 'elsewhere')),
        /^Cannot import "external\.h5": it has a link to another file at \/elsewhere/,
      ],
      [
        'no model_config',
        await altered('weights-only.h5', (file) => file.delete_attribute('model_config')),
        /^Cannot import "weights-only\.h5": it has no model_config: it holds weights alone/,
      ],
      [
        'an unknown layer',
        await altered('lstm.h5', (file) =>
          config(file, (text) => text.replace('"class_name": "Flatten"', '"class_name": "GlobalAveragePooling2D"')),
        ),
        /^Cannot import "lstm\.h5": the layer "flatten" is a GlobalAveragePooling2D, which this app cannot build/,
      ],
      [
        'a wrong weight shape',
        await altered('shape.h5', (file) => {
          const group = file.get('model_weights/dense_1') as Group;
          group.create_dataset({ name: 'narrow', data: new Float32Array(128 * 63), shape: [128, 63], dtype: '<f' });
          group.delete_attribute('weight_names');
          group.create_attribute('weight_names', ['narrow', 'sequential/dense_1/bias']);
        }),
        /^Cannot import "shape\.h5": its weight "narrow" is \[128,63\], but the layer "dense_1" needs \[128,64\] there\.$/,
      ],
      [
        '9 classes',
        await altered('nine.h5', (file) => config(file, (text) => text.replace('"units": 10', '"units": 9'))),
        /^Cannot import "nine\.h5": this model does not read digits: it gives \[null,9\] outputs, not 10/,
      ],
      [
        'over the size cap',
        new File([new Uint8Array(21_000_000)], 'big.h5'),
        /^Cannot import "big\.h5": it is 21\.0 MB: over 20 MB is not a model of this app\.$/,
      ],
    ];
    for (const [kind, file, expected] of cases) {
      const error = await trainer.runs.importModel([file]).catch((e: Error) => e);
      expect(error, kind).to.be.instanceOf(Error);
      expect((error as Error).message, kind).to.match(expected);
    }
    expect(await trainer.runs.list()).to.deep.equal(runsBefore);
  });
});
