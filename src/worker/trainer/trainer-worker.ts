// The trainer worker: owns TensorFlow.js, the dataset and the saved runs, and exposes one
// service per concept (src/protocol/trainer.ts) to the page through Comlink.
import { expose } from 'comlink';
import type { TrainerServices } from '../../protocol/trainer.js';
import { BackendSpeeds } from './backends-service.js';
import { MnistData } from './data-service.js';
import { TestSetEvaluation } from './evaluation-service.js';
import { holdForLife } from './locks.js';
import { PersonalDigits } from './personal-digits-service.js';
import { SavedRuns } from './runs-service.js';
import { Training } from './training-service.js';

const services: TrainerServices = {
  data: new MnistData(),
  training: new Training(),
  runs: new SavedRuns(),
  evaluation: new TestSetEvaluation(),
  personal: new PersonalDigits(),
  backends: new BackendSpeeds(),
  lifeLock: { hold: holdForLife },
};

expose(services);
