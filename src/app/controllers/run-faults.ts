// Training that ended by a fault of the machine, not by the user or the settings: the
// trainer worker died, or the GPU device was lost. The page offers to resume from the
// last checkpoint, and on another backend once the same one has failed twice.
import type { BackendInfo, BackendMeasurement } from '../../protocol/backends.js';

type BackendName = BackendInfo['name'];

export interface Fault {
  runId: string;
  backend: BackendName;
  message: string;
  /** The same run failed on the same backend before. */
  repeated: boolean;
  /** Where to resume instead, once `repeated`. */
  alternative: BackendName;
}

/** The error names and messages of faults (see WorkerConnection and worker/gpu-device.ts). */
export function isFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'GpuDeviceLostError' || /^The trainer worker (stopped|failed)/.test(error.message);
}

export function isGpuLoss(error: unknown): boolean {
  return error instanceof Error && error.name === 'GpuDeviceLostError';
}

/** This fault, counting the previous one if it hit the same run on the same backend. */
export function nextFault(
  previous: Fault | undefined,
  failed: { runId: string; backend: BackendName; message: string },
  measurement: BackendMeasurement | undefined,
): Fault {
  const repeated = previous?.runId === failed.runId && previous.backend === failed.backend;
  return { ...failed, repeated, alternative: otherBackend(failed.backend, measurement) };
}

/** The fastest other backend this device measured; else wasm, or the CPU if wasm failed. */
export function otherBackend(failed: BackendName, measurement: BackendMeasurement | undefined): BackendName {
  const others = (measurement?.results ?? []).filter((result) => result.name !== failed && result.speed);
  others.sort((a, b) => (b.speed?.imagesPerSecond ?? 0) - (a.speed?.imagesPerSecond ?? 0));
  return others[0]?.name ?? (failed === 'wasm' ? 'cpu' : 'wasm');
}
