// The trainer worker: owns TensorFlow.js, the dataset and the saved runs, and exposes one
// service per concept (src/protocol/trainer.ts) to the page through Comlink. Started by
// itself as `wasm-threads-N`, it is a probe that times wasm on N threads, and no more.
import { expose } from 'comlink';
import type { TrainerServices } from '../../protocol/trainer.js';
import { BackendSpeeds } from './backends-service.js';
import { MnistData } from './data-service.js';
import { TestSetEvaluation } from './evaluation-service.js';
import { holdForLife } from './locks.js';
import { PersonalDigits } from './personal-digits-service.js';
import { SavedRuns } from './runs-service.js';
import { Training } from './training-service.js';
import { probedThreads } from '../backends/wasm-threads.js';
import { wasmThreadsProbe } from './wasm-threads-probe.js';

function services(): TrainerServices {
  return {
    data: new MnistData(),
    training: new Training(),
    runs: new SavedRuns(),
    evaluation: new TestSetEvaluation(),
    personal: new PersonalDigits(),
    backends: new BackendSpeeds(),
    lifeLock: { hold: holdForLife },
  };
}

const threads = probedThreads();
expose(threads ? wasmThreadsProbe(threads) : services());
