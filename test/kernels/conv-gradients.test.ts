// Our wasm Conv2D gradient kernels against the CPU backend's, over every stride, padding
// and data format.
import * as tf from '@tensorflow/tfjs';
import { backend_util } from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expectClose } from '../support/expect-close.js';
import { registerWasmTrainingKernels } from '../../src/worker/kernels/wasm/training-kernels.js';

setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
registerWasmTrainingKernels();

type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number]; // NHWC
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
}

function random(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** Both gradients of a Conv2D case, from the kernels of the current backend. */
async function gradients(c: Case, seed: number): Promise<{ dFilter: Float32Array; dInput: Float32Array }> {
  const nchw = (t: tf.Tensor4D): tf.Tensor4D => (c.dataFormat === 'NCHW' ? tf.transpose(t, [0, 3, 1, 2]) : t);
  const x = nchw(random(c.x, seed) as tf.Tensor4D);
  const filter = random(c.filter, seed + 1) as tf.Tensor4D;
  const format = c.dataFormat;
  // The forward pass only gives dy its shape (wasm's Conv2D takes no NCHW).
  const info = backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  const outShape = [c.x[0], info.outHeight, info.outWidth, c.filter[3]];
  const dy = nchw(random(outShape, seed + 2) as tf.Tensor4D);
  // An explicit padding names every dimension in the tensor's own order.
  const pad = format === 'NCHW' && typeof c.pad === 'object' ? [[0, 0], [0, 0], c.pad[1], c.pad[2]] : c.pad;
  const attrs = { strides: c.strides, pad, dataFormat: format };
  const dFilter = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: c.filter });
  const dInput = tf.engine().runKernel('Conv2DBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape });
  const result = {
    dFilter: (await (dFilter as tf.Tensor).data()) as Float32Array,
    dInput: (await (dInput as tf.Tensor).data()) as Float32Array,
  };
  tf.dispose([x, filter, dy, dFilter, dInput]);
  return result;
}

const PADS: Pad[] = [
  'valid',
  'same',
  1,
  [
    [0, 0],
    [2, 0],
    [1, 3],
    [0, 0],
  ],
];

/**
 * The model's two convolutions (the first at its training batch too: the SIMD module's
 * filter gradient), then random shapes over every stride, padding and format.
 */
function cases(): Case[] {
  const list: Case[] = [
    { x: [64, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [8, 28, 28, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [3, 9, 7, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
    { x: [8, 13, 13, 32], filter: [3, 3, 32, 64], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC' },
  ];
  let state = 7;
  const int = (lo: number, hi: number): number => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return lo + (state % (hi - lo + 1));
  };
  for (const pad of PADS) {
    for (const stride of [1, 2, 3]) {
      for (const dataFormat of ['NHWC', 'NCHW'] as const) {
        const kh = int(1, 4);
        const kw = int(1, 4);
        list.push({
          x: [int(1, 3), int(kh + 2, 12), int(kw + 2, 12), int(1, 5)],
          filter: [kh, kw, 0, int(1, 6)],
          strides: [stride, int(1, stride)],
          pad,
          dataFormat,
        });
      }
    }
  }
  for (const c of list) c.filter[2] = c.x[3];
  return list;
}

describe('wasm Conv2D gradients', () => {
  before(async () => {
    await tf.ready();
  });

  after(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the CPU backend’s Conv2D gradients for every stride, padding and data format', async () => {
    const list = cases();
    const reference: Awaited<ReturnType<typeof gradients>>[] = [];
    await tf.setBackend('cpu');
    for (const [i, c] of list.entries()) reference.push(await gradients(c, i * 10));
    await tf.setBackend('wasm');
    for (const [i, c] of list.entries()) {
      const name = `case ${i} ${JSON.stringify(c)}`;
      const got = await gradients(c, i * 10);
      expectClose(got.dFilter, reference[i].dFilter, `${name} filter`);
      expectClose(got.dInput, reference[i].dInput, `${name} input`);
    }
  });
});
