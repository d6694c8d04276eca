// @ts-check
// The smallest model the app imports: TensorFlow.js layers files for 28x28x1 in and ten
// classes out (a Flatten and a Dense of zeros), written here rather than trained, so a
// test of the ways files reach the import costs no training.

/** The Dense layer's kernel (784 x 10) and bias (10), float32. */
export const TINY_WEIGHT_BYTES = (784 * 10 + 10) * 4;

/**
 * model.json's text; its manifest names `${baseName}.weights.bin`, of TINY_WEIGHT_BYTES zeros.
 * @param {string} baseName
 */
export function tinyModelJson(baseName) {
  return JSON.stringify({
    format: 'layers-model',
    generatedBy: 'test/support/tiny-model.mjs',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: {
        name: 'tiny',
        layers: [
          {
            class_name: 'Flatten',
            config: { name: 'flatten', batch_input_shape: [null, 28, 28, 1], dtype: 'float32' },
          },
          { class_name: 'Dense', config: { name: 'dense', units: 10, activation: 'softmax', use_bias: true } },
        ],
      },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [
      {
        paths: [`./${baseName}.weights.bin`],
        weights: [
          { name: 'dense/kernel', shape: [784, 10], dtype: 'float32' },
          { name: 'dense/bias', shape: [10], dtype: 'float32' },
        ],
      },
    ],
  });
}
