// A chosen .h5 as a compiled tfjs model, every part checked before the caller stores it:
// the file (read-h5.ts), the layers (keras-config.ts), the outputs, each weight's shape
// against the built layer, then Adam's state, restored where the file has it.
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_CONFIG } from '../../shared/train-config.js';
import { errorMessage } from '../../shared/error-message.js';
import { compileModel } from '../model/model.js';
import { checkReadsDigits } from '../model/model-files.js';
import { adamStateOf, restoreAdam } from './adam-state.js';
import { compiledWithAdam, modelFromConfig } from './keras-config.js';
import { readKerasFile, type KerasFileContents } from './read-h5.js';

const shapeText = (shape: readonly (number | null)[]) => JSON.stringify(shape);

/** Loads each layer's weights from its group, in the layer's own order. */
function setLayerWeights(model: tf.LayersModel, contents: KerasFileContents): void {
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const stored = contents.layerWeights.get(layer.name);
    if (!stored) throw new Error(`It has no weights for the layer "${layer.name}".`);
    if (stored.length !== layer.weights.length) {
      throw new Error(
        `It has ${stored.length} weights for the layer "${layer.name}", which has ${layer.weights.length}.`,
      );
    }
    layer.weights.forEach((weight, i) => {
      if (shapeText(stored[i].shape) !== shapeText(weight.shape)) {
        throw new Error(
          `Its weight "${stored[i].name}" is ${shapeText(stored[i].shape)}, but the layer "${layer.name}" needs ` +
            `${shapeText(weight.shape)} there.`,
        );
      }
    });
    // setWeights assigns copies: the tensors made here go with the tidy.
    tf.tidy(() => layer.setWeights(stored.map((array) => tf.tensor(array.values, array.shape))));
  }
}

/**
 * The model in `file`, compiled as the notebook's with Adam's state from the file; the
 * caller stores and disposes it. A refusal names the file and the fault.
 */
export async function modelFromKerasFile(file: File): Promise<tf.LayersModel> {
  let model: tf.LayersModel | undefined;
  try {
    const contents = await readKerasFile(file);
    model = modelFromConfig(contents.modelConfig);
    checkReadsDigits(model);
    setLayerWeights(model, contents);
    const adam = compiledWithAdam(contents.trainingConfig) ? adamStateOf(contents.optimizerWeights, model) : undefined;
    // Compiled as the notebook's, so it saves, and fine-tunes, like a run of ours.
    compileModel(model, DEFAULT_CONFIG.learningRate);
    if (adam) await restoreAdam(model, adam);
    return model;
  } catch (error) {
    model?.dispose();
    const message = errorMessage(error);
    throw new Error(`Cannot import "${file.name}": ${message.charAt(0).toLowerCase()}${message.slice(1)}`, {
      cause: error,
    });
  }
}
