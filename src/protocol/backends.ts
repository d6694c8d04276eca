// The trainer's backends service: the training speeds `auto` chooses a backend by.

export interface BackendInfo {
  name: 'webgpu' | 'webgl' | 'wasm' | 'cpu';
  /** The adapter or renderer, e.g. "google swiftshader (fallback adapter)". */
  description: string;
}

export type BackendName = BackendInfo['name'];

/** How a training speed is measured: `steps` timed after one first step and `warmup` more. */
export interface SpeedOptions {
  steps: number;
  batchSize: number;
  augment: boolean;
  warmup?: number;
  /** Also time one more step kernel by kernel (wall clock: meaningful on wasm and cpu). */
  profile?: boolean;
}

/** Where a profiled step's time went, kernel by kernel. */
export interface KernelTime {
  name: string;
  ms: number;
  calls: number;
}

/** Training speed of the notebook's model on one backend. */
export interface TrainingSpeed {
  backend: string;
  batchSize: number;
  augment: boolean;
  steps: number;
  /** The first step alone: shader compilation, kernel setup, weight upload. */
  firstStepMs: number;
  msPerStep: number;
  imagesPerSecond: number;
  /** Kernels of one profiled step, slowest first (with `profile`). */
  kernels?: KernelTime[];
}

/** One backend's part of a measurement: its speed, or why it could not train. */
export interface MeasuredBackend {
  name: BackendName;
  description: string;
  /** wasm: the threads it ran on (each count measured is a row of its own). */
  threads?: number;
  speed?: TrainingSpeed;
  error?: string;
}

/** Training speeds of the backends this device offers, as `auto` measured them. */
export interface BackendMeasurement {
  /** Browser, cores and cross-origin isolation it was taken under (see deviceKey in measured-speeds.ts). */
  device: string;
  measuredAt: number;
  batchSize: number;
  augment: boolean;
  results: MeasuredBackend[];
}

/** Which backend is being measured, of how many. */
export interface MeasureProgress {
  backend: BackendName;
  /** wasm: the thread count being measured. */
  threads?: number;
  index: number;
  count: number;
}

export interface BackendsService {
  /** The training speeds `auto` remembers for this device, if measured. */
  remembered(): Promise<BackendMeasurement | undefined>;
  /**
   * Measures (again) every backend `auto` chooses from, and remembers the result; or,
   * given `backends`, measures those and remembers nothing (benchmarks).
   */
  measure(
    options: SpeedOptions & { backends?: BackendName[] },
    onProgress?: (progress: MeasureProgress) => void,
  ): Promise<BackendMeasurement>;
}
