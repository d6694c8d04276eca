// The predictor worker: its own tfjs, apart from the trainer's, so a prediction never
// waits for a training step. It serves the chosen (or newest) checkpoint and reloads
// when the trainer announces a new one.
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { expose, transfer } from 'comlink';
import { holdForLife } from '../trainer/locks.js';
import { CHECKPOINT_CHANNEL, CheckpointStore, type CheckpointNotice } from '../storage/checkpoints.js';
import { preprocess } from './preprocess.js';
import { numberInputs } from './read-number.js';
import {
  UNSURE_BELOW,
  type DigitReading,
  type PredictorApi,
  type PredictorModel,
  type PredictResult,
} from '../../protocol/predictor.js';
import type { PhotoReaderApi } from '../../protocol/predictor.js';
import { readPhoto } from '../photo/read-photo.js';
import { hasModel } from '../../shared/runs.js';
import { IMAGE_PIXELS, IMAGE_SIDE } from '../../shared/mnist.js';

setWasmPaths(new URL('./', import.meta.url).href);
// One image gains nothing from threads, and the trainer's threads want the cores.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);

let followed: string | null = null; // a run id, or null for the newest
let loaded: { model: tf.LayersModel; info: PredictorModel } | undefined;
let loading: Promise<typeof loaded> | undefined;
let backend: Promise<string> | undefined;
/** Median milliseconds of one prediction on each backend, once measured. */
let latencies: Record<string, number> | undefined;
let measuring: Promise<void> | undefined;

/**
 * Backends one image might be fastest on; wasm serves until they are measured. Not WebGL:
 * one 28x28 image is several times slower on it than on wasm (`npm run bench`'s
 * prediction latency), and compiling its shaders holds the worker for a second or more,
 * in the middle of someone's drawing.
 */
const CANDIDATES = ['wasm', 'cpu'];

function startPredictionBackend(): Promise<string> {
  backend ??= (async () => {
    for (const name of CANDIDATES) {
      if (await tf.setBackend(name).catch(() => false)) return name;
    }
    throw new Error('No tfjs backend could start in the predictor.');
  })();
  return backend;
}

/**
 * Times single-image predictions of the model on each backend (after a warm-up that
 * compiles shaders) and keeps the fastest. Predictions asked for meanwhile still run,
 * on whichever backend is current.
 */
async function pickFastestBackend(model: tf.LayersModel): Promise<void> {
  const times: Record<string, number> = {};
  const image = tf.zeros([1, IMAGE_SIDE, IMAGE_SIDE, 1]);
  for (const name of CANDIDATES) {
    if (!(await tf.setBackend(name).catch(() => false))) continue;
    const runs: number[] = [];
    for (let i = 0; i < 12; i++) {
      const started = performance.now();
      tf.tidy(() => (model.predict(image) as tf.Tensor).dataSync());
      if (i >= 2) runs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve)); // let waiting predictions through
    }
    runs.sort((a, b) => a - b);
    times[name] = runs[Math.floor(runs.length / 2)]!;
  }
  image.dispose();
  const fastest = Object.entries(times).sort((a, b) => a[1] - b[1])[0]?.[0] ?? 'cpu';
  await tf.setBackend(fastest);
  backend = Promise.resolve(fastest);
  latencies = times;
}

async function load(): Promise<typeof loaded> {
  await startPredictionBackend();
  const store = await CheckpointStore.open();
  try {
    const runs = (await store.list()).filter(hasModel);
    const run = followed === null ? runs[0] : runs.find((candidate) => candidate.id === followed);
    const model = run && (await store.loadForPrediction(run.id));
    if (!run || !model) return undefined;
    return { model, info: { runId: run.id, name: run.name, epoch: run.epoch } };
  } finally {
    store.close();
  }
}

/** Loads (again) in the background; the current model serves until the new one is ready. */
function reload(): Promise<typeof loaded> {
  const next = load().then((fresh) => {
    if (loading === next) {
      if (fresh && loaded) loaded.model.dispose();
      loaded = fresh ?? loaded;
      if (loaded && !measuring)
        measuring = pickFastestBackend(loaded.model).catch((error: unknown) => {
          console.error('Could not measure the prediction backends', error);
        });
    } else fresh?.model.dispose(); // a newer reload superseded this one
    return loaded;
  });
  loading = next;
  return next;
}

new BroadcastChannel(CHECKPOINT_CHANNEL).addEventListener('message', (event: MessageEvent<CheckpointNotice>) => {
  if (followed === null || followed === event.data.runId) void reload();
});

async function current(): Promise<typeof loaded> {
  return loaded ?? (await (loading ?? reload()));
}

const api: PredictorApi & PhotoReaderApi = {
  async predict(ink, width, height) {
    const side = (n: number) => Number.isInteger(n) && n >= 1;
    if (!(ink instanceof Uint8Array) || ink.length !== width * height || !side(width) || !side(height)) {
      const got = ink instanceof Uint8Array ? ink.length : 'no';
      throw new Error(`A drawing must be width x height ink values (got ${got} for ${width}x${height}).`);
    }
    const started = performance.now();
    const input = preprocess({ width, height, ink });
    if (!input) return { kind: 'empty' } satisfies PredictResult;
    const ready = await current();
    if (!ready) return { kind: 'no-model' } satisfies PredictResult;
    const probabilities = tf.tidy(() => {
      const output = ready.model.predict(tf.tensor4d(input, [1, IMAGE_SIDE, IMAGE_SIDE, 1])) as tf.Tensor;
      return output.dataSync();
    });
    const values = Array.from(probabilities);
    const result: PredictResult = {
      kind: 'prediction',
      digit: values.indexOf(Math.max(...values)),
      probabilities: values,
      input: Uint8Array.from(input, (value) => Math.round(value * 255)),
      model: ready.info,
      backend: tf.getBackend(),
      millis: performance.now() - started,
      ...(latencies ? { latencies } : {}),
    };
    return transfer(result, [result.input.buffer]);
  },

  async read(strokes, pen) {
    const started = performance.now();
    const inputs = numberInputs(strokes, pen);
    if (inputs.length === 0) return { kind: 'empty' } satisfies PredictResult;
    const ready = await current();
    if (!ready) return { kind: 'no-model' } satisfies PredictResult;
    const batch = new Float32Array(inputs.length * IMAGE_PIXELS);
    inputs.forEach((input, i) => batch.set(input, i * IMAGE_PIXELS));
    // All digits in one batch: one forward pass whatever the number's length.
    const probabilities = tf.tidy(() => {
      const output = ready.model.predict(tf.tensor4d(batch, [inputs.length, IMAGE_SIDE, IMAGE_SIDE, 1])) as tf.Tensor;
      return output.dataSync();
    });
    const digits = inputs.map((input, i): DigitReading => {
      const values = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
      const top = Math.max(...values);
      return {
        digit: values.indexOf(top),
        probabilities: values,
        input: Uint8Array.from(input, (value) => Math.round(value * 255)),
        unsure: top < UNSURE_BELOW,
      };
    });
    return {
      kind: 'prediction',
      digit: digits[0].digit,
      probabilities: digits[0].probabilities,
      input: digits[0].input,
      digits,
      model: ready.info,
      backend: tf.getBackend(),
      millis: performance.now() - started,
      ...(latencies ? { latencies } : {}),
    } satisfies PredictResult;
  },

  async classify(inputs, count) {
    if (!(inputs instanceof Float32Array) || inputs.length !== count * IMAGE_PIXELS) {
      throw new Error(`classify wants ${count} x ${IMAGE_PIXELS} values (got ${inputs.length}).`);
    }
    const ready = await current();
    if (!ready) throw new Error('No trained model yet.');
    const digits = tf.tidy(() => {
      const output = ready.model.predict(tf.tensor4d(inputs, [count, IMAGE_SIDE, IMAGE_SIDE, 1])) as tf.Tensor;
      return tf.argMax(output, 1).dataSync();
    });
    return Uint8Array.from(digits);
  },

  async useRun(runId) {
    followed = runId;
    return (await reload())?.info ?? null;
  },

  holdLifeLock: holdForLife,

  async readPhoto(photo) {
    const result = await readPhoto(photo, async (inputs, count) => {
      const ready = await current();
      if (!ready) return undefined;
      const probabilities = tf.tidy(() => {
        const output = ready.model.predict(tf.tensor4d(inputs, [count, IMAGE_SIDE, IMAGE_SIDE, 1])) as tf.Tensor;
        return output.dataSync() as Float32Array;
      });
      return { probabilities, model: ready.info };
    });
    return result.kind === 'read' ? transfer(result, [result.photo]) : result;
  },
};

expose(api);
