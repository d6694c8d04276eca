// Export and import through the built trainer worker: a saved run as TensorFlow.js layers
// files, read back by tf.loadLayersModel and by Import; bad files refused by name, with
// nothing stored.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { TrainerClient } from '../../src/app/workers/trainer-client.js';
import { DEFAULT_CONFIG } from '../../src/shared/train-config.js';
import type { ExportedModel, RunSummary } from '../../src/protocol/runs.js';

const builtWorker = () => new Worker('/dist/trainer-worker.js', { type: 'module' });

function filesOf(exported: ExportedModel, weights: ArrayBuffer = exported.weights, json = exported.modelJson): File[] {
  return [
    new File([json], `${exported.baseName}.json`, { type: 'application/json' }),
    new File([weights], `${exported.baseName}.weights.bin`),
  ];
}

/** A small model of another shape, saved as layers files by tfjs itself. */
async function otherModel(layers: tf.layers.Layer[]): Promise<ExportedModel> {
  const model = tf.sequential({ layers });
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((a) => {
      artifacts = a;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
  );
  model.dispose();
  const modelJson = JSON.stringify({
    format: 'layers-model',
    modelTopology: artifacts!.modelTopology,
    weightsManifest: [{ paths: ['./other.weights.bin'], weights: artifacts!.weightSpecs }],
  });
  return { modelJson, weights: new tf.io.CompositeArrayBuffer(artifacts!.weightData).slice(), baseName: 'other' };
}

describe('model files', () => {
  let trainer: TrainerClient;
  let run: RunSummary;
  let exported: ExportedModel;
  before(async () => {
    await tf.setBackend('cpu');
    trainer = new TrainerClient(builtWorker);
    await trainer.data.load(() => {});
    const result = await trainer.training.start(
      { ...DEFAULT_CONFIG, backend: 'wasm', epochs: 1, limit: 400 },
      () => {},
    );
    run = (await trainer.runs.list()).find((r) => r.id === result.runId)!;
    exported = await trainer.runs.exportModel(run.id);
  });
  after(() => trainer.terminate());

  it('exports layers files that tf.loadLayersModel reads', async () => {
    expect(exported.baseName).to.match(/^Run-of-[\w-]+$/);
    const json = JSON.parse(exported.modelJson) as tf.io.ModelJSON;
    expect(json.format).to.equal('layers-model');
    expect(json.weightsManifest[0].paths).to.deep.equal([`./${exported.baseName}.weights.bin`]);
    // 233,802 float32 parameters: the model's weights and nothing of Adam's.
    expect(exported.weights.byteLength).to.equal(233_802 * 4);
    const model = await tf.loadLayersModel(tf.io.browserFiles(filesOf(exported)));
    expect(model.inputs[0].shape).to.deep.equal([null, 28, 28, 1]);
    expect(model.countParams()).to.equal(233_802);
    model.dispose();
  });

  it('imports what it exported: the same predictions on 100 test images', async () => {
    const imported = await trainer.runs.importModel(filesOf(exported));
    expect(imported).to.include({ status: 'imported', name: `Imported ${exported.baseName}.json` });
    const [original, copy] = [
      await trainer.evaluation.score(run.id, () => {}),
      await trainer.evaluation.score(imported.id, () => {}),
    ];
    let worst = 0;
    for (let i = 0; i < 100 * 10; i++)
      worst = Math.max(worst, Math.abs(original.probabilities[i] - copy.probabilities[i]));
    expect(worst).to.be.at.most(1e-6);
    expect(copy.accuracy).to.equal(original.accuracy);
    await trainer.runs.delete(imported.id);
  });

  it('refuses each kind of bad file by name, and stores nothing', async () => {
    const runsBefore = await trainer.runs.list();
    const modelsBefore = Object.keys(await tf.io.listModels()).sort();
    const wide = await otherModel([tf.layers.dense({ inputShape: [784], units: 10 })]);
    const nine = await otherModel([
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 9, activation: 'softmax' }),
    ]);
    const json = `${exported.baseName}.json`;
    /** The exported model.json, changed by `change`. */
    const edited = (change: (model: Partial<tf.io.ModelJSON>) => unknown) => {
      const model = JSON.parse(exported.modelJson) as Partial<tf.io.ModelJSON>;
      change(model);
      return JSON.stringify(model);
    };
    const longer = (bytes: ArrayBuffer, extra: number) => {
      const copy = new Uint8Array(bytes.byteLength + extra);
      copy.set(new Uint8Array(bytes));
      return copy.buffer;
    };
    const cases: [string, File[], RegExp][] = [
      ['not JSON', [new File(['<html>'], 'model.json'), filesOf(exported)[1]], /^"model\.json" is not JSON/],
      [
        'not a layers model',
        filesOf(exported, exported.weights, JSON.stringify({ format: 'graph-model', modelTopology: {} })),
        /is a graph-model, not a layers model/,
      ],
      ['wrong input shape', filesOf(wide), /takes \[\[null,784\]\], not \[null,28,28,1\]/],
      ['9 classes', filesOf(nine), /gives \[null,9\] outputs, not 10/],
      [
        'truncated weights',
        filesOf(exported, exported.weights.slice(0, 500_000)),
        new RegExp(`weights are 500000 bytes, but "${json}" describes 935208: a file is cut short`),
      ],
      [
        'oversized model.json',
        filesOf(exported, exported.weights, exported.modelJson + ' '.repeat(1_000_000)),
        /is 1\.0 MB: a model\.json over 1 MB is not a model of this app/,
      ],
      ['weights missing', filesOf(exported).slice(0, 1), /needs the weights file ".*\.weights\.bin"/],
      ['no model.json', filesOf(exported).slice(1), /Choose one model\.json and its weights file together/],
      ['two model.json', [...filesOf(exported), filesOf(wide)[0]], /together \(got 2 \.json files\)/],
      ['nothing chosen', [], /^Choose a model\.json and its weights file to import\.$/],
      [
        'no modelTopology',
        filesOf(exported, exported.weights, '{"format": "layers-model"}'),
        new RegExp(`^"${json}" is not a TensorFlow\\.js layers model: it has no modelTopology\\.$`),
      ],
      [
        'no weightsManifest',
        filesOf(
          exported,
          exported.weights,
          edited((model) => delete model.weightsManifest),
        ),
        new RegExp(`^"${json}" has no valid weightsManifest\\.$`),
      ],
      [
        'a weight type it cannot read',
        filesOf(
          exported,
          exported.weights,
          edited((model) => (model.weightsManifest![0].weights[0].dtype = 'complex64' as 'float32')),
        ),
        /^The weight "[^"]+" has a type this app cannot read \(complex64\)\.$/,
      ],
      [
        'weights too long',
        filesOf(exported, longer(exported.weights, 4)),
        new RegExp(
          `weights are 935212 bytes, but "${json}" describes 935208: a file is too long, or belongs to another model`,
        ),
      ],
      [
        'weights over 20 MB',
        filesOf(exported, new ArrayBuffer(21_000_000)),
        /^The weights are 21\.0 MB: over 20 MB is not a model of this app\.$/,
      ],
      [
        'a layer tfjs does not know',
        filesOf(
          exported,
          exported.weights,
          exported.modelJson.replace('"class_name":"Conv2D"', '"class_name":"NoSuchLayer"'),
        ),
        /^The model cannot be built: .*NoSuchLayer/,
      ],
    ];
    for (const [kind, files, expected] of cases) {
      const error = await trainer.runs.importModel(files).catch((e: Error) => e);
      expect(error, kind).to.be.instanceOf(Error);
      expect((error as Error).message, kind).to.match(expected);
    }
    expect(await trainer.runs.list()).to.deep.equal(runsBefore);
    expect(Object.keys(await tf.io.listModels()).sort()).to.deep.equal(modelsBefore);
  });
});
