// The trainer worker's services, one per concept: what the worker exposes and the page's
// TrainerClient forwards (`trainer.runs.list()`). Each file here holds one service's
// interface and the plain, structured-clonable data it takes and gives.
import type { BackendsService } from './backends.js';
import type { DataService } from './data.js';
import type { EvaluationService } from './evaluation.js';
import type { LifeLockService } from './life-lock.js';
import type { PersonalDigitsService } from './personal-digits.js';
import type { RunsService } from './runs.js';
import type { TrainingService } from './training.js';

export interface TrainerServices {
  data: DataService;
  training: TrainingService;
  runs: RunsService;
  evaluation: EvaluationService;
  personal: PersonalDigitsService;
  backends: BackendsService;
  lifeLock: LifeLockService;
}
