// A saved model as TensorFlow.js layers files (model.json and one weights file), and
// such files checked before anything of them is stored: sizes first, then JSON, the
// manifest against the bytes, then the model's input and output. Nothing is evaluated:
// the JSON is parsed, and the layers are built by tfjs from its list of known classes.
import * as tf from '@tensorflow/tfjs';
import type { ExportedModel } from '../../protocol/runs.js';
import { CLASS_COUNT, IMAGE_SIDE } from '../../shared/mnist.js';
import { errorMessage } from '../../shared/error-message.js';
import { megabytes, readJsonFile } from '../storage/json-file.js';

/** The notebook's model.json is about 10 KB and its weights 0.94 MB. */
export const MAX_MODEL_JSON_BYTES = 1_000_000;
export const MAX_WEIGHTS_BYTES = 20_000_000;

/** A file name from a run's name: letters, digits and dashes. */
export function baseNameOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || 'model';
}

/** The model's topology and weights (no optimizer state): what tf.loadLayersModel reads. */
export async function exportModel(model: tf.LayersModel, name: string): Promise<ExportedModel> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler((saved) => {
      artifacts = saved;
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } });
    }),
    { includeOptimizer: false },
  );
  if (!artifacts?.weightSpecs || !artifacts.weightData) throw new Error('tfjs saved no weights.');
  const baseName = baseNameOf(name);
  const manifest = [{ paths: [`./${baseName}.weights.bin`], weights: artifacts.weightSpecs }];
  const json: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: null,
    weightsManifest: manifest,
  };
  const modelJson = JSON.stringify(json);
  const weights = new tf.io.CompositeArrayBuffer(artifacts.weightData).slice();
  return { modelJson, weights, baseName };
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

/** Bytes a weight takes in the weights file, from the manifest. */
function bytesOf(spec: tf.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const size = DTYPE_BYTES[dtype];
  if (size === undefined || !Array.isArray(spec.shape)) {
    throw new Error(`The weight "${String(spec.name)}" has a type this app cannot read (${String(dtype)}).`);
  }
  return spec.shape.reduce((n, d) => n * d, 1) * size;
}

const fileName = (path: string) => path.split('/').pop() ?? path;

/**
 * Reads and checks model.json and its weights file(s) into artifacts for
 * tf.io.fromMemory. Every refusal names the file and what is wrong with it.
 */
export async function readModelFiles(files: File[]): Promise<tf.io.ModelArtifacts> {
  const jsons = files.filter((file) => file.name.toLowerCase().endsWith('.json'));
  if (jsons.length !== 1) {
    throw new Error(`Choose one model.json and its weights file together (got ${jsons.length} .json files).`);
  }
  const [json] = jsons;
  const model = (await readJsonFile(json, {
    maxBytes: MAX_MODEL_JSON_BYTES,
    tooBig: 'a model.json over 1 MB is not a model of this app.',
    notJson: 'is it a TensorFlow.js model.json?',
  })) as Partial<tf.io.ModelJSON> | null;
  if (!model || typeof model !== 'object' || typeof model.modelTopology !== 'object' || !model.modelTopology) {
    throw new Error(`"${json.name}" is not a TensorFlow.js layers model: it has no modelTopology.`);
  }
  if (model.format !== undefined && model.format !== 'layers-model') {
    throw new Error(`"${json.name}" is a ${String(model.format)}, not a layers model.`);
  }
  const manifest = model.weightsManifest;
  if (
    !Array.isArray(manifest) ||
    manifest.some((group) => !Array.isArray(group?.paths) || !Array.isArray(group?.weights))
  ) {
    throw new Error(`"${json.name}" has no valid weightsManifest.`);
  }
  const paths = manifest.flatMap((group) => group.paths.map(fileName));
  const weightFiles = paths.map((path) => {
    const file = files.find((f) => f.name === path);
    if (!file) throw new Error(`"${json.name}" needs the weights file "${path}": choose it together with model.json.`);
    return file;
  });
  const expected = manifest.flatMap((group) => group.weights).reduce((sum, spec) => sum + bytesOf(spec), 0);
  const actual = weightFiles.reduce((sum, file) => sum + file.size, 0);
  if (actual > MAX_WEIGHTS_BYTES) {
    throw new Error(`The weights are ${megabytes(actual)}: over 20 MB is not a model of this app.`);
  }
  if (actual !== expected) {
    throw new Error(
      `The weights are ${actual} bytes, but "${json.name}" describes ${expected}: ` +
        `${actual < expected ? 'a file is cut short' : 'a file is too long'}, or belongs to another model.`,
    );
  }
  const buffers = await Promise.all(weightFiles.map((file) => file.arrayBuffer()));
  return tf.io.getModelArtifactsForJSON(model as tf.io.ModelJSON, () =>
    Promise.resolve([manifest.flatMap((group) => group.weights), tf.io.concatenateArrayBuffers(buffers)]),
  );
}

/** Builds the model and checks it takes 28x28 grey images and gives ten classes. */
export async function loadCheckedModel(artifacts: tf.io.ModelArtifacts): Promise<tf.LayersModel> {
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  } catch (error) {
    const why = errorMessage(error);
    throw new Error(`The model cannot be built: ${why}`, { cause: error });
  }
  try {
    checkReadsDigits(model);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/** Throws unless the model takes 28x28 grey images and gives ten classes. */
export function checkReadsDigits(model: tf.LayersModel): void {
  const input = model.inputs.length === 1 ? model.inputs[0].shape : undefined;
  const output = model.outputs.length === 1 ? model.outputs[0].shape : undefined;
  const wanted = [null, IMAGE_SIDE, IMAGE_SIDE, 1];
  const problem =
    !input || input.length !== 4 || input.some((d, i) => d !== wanted[i])
      ? `it takes ${JSON.stringify(model.inputs.map((t) => t.shape))}, not [null,28,28,1] (28x28 grey images)`
      : !output || output.length !== 2 || output[1] !== CLASS_COUNT
        ? `it gives ${JSON.stringify(output ?? model.outputs.map((t) => t.shape))} outputs, not 10 (one per digit)`
        : undefined;
  if (problem) throw new Error(`This model does not read digits: ${problem}.`);
}
