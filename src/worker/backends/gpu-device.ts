// WebGPU devices can be lost under a running app (a driver reset, the system sleeping, or
// `destroy()`). tfjs does not watch for it: its readbacks then fail with bare errors, or
// never settle. Training races the loss, asks here between batches, and before a
// checkpoint is committed, so a lost device ends the run with a clear message and
// writes nothing.
import * as tf from '@tensorflow/tfjs';

let watched: GPUDevice | undefined;
let lost: GPUDeviceLostInfo | undefined;

/** Starts watching the WebGPU backend's device, if that backend has started. */
export function watchGpuDevice(): void {
  const device = (tf.findBackend('webgpu') as unknown as { device?: GPUDevice } | null)?.device;
  if (!device || device === watched) return;
  watched = device;
  void device.lost.then((info) => (lost = info));
}

/** Named so the page can tell this fault from others (Comlink keeps an error's name). */
export class GpuDeviceLostError extends Error {
  override name = 'GpuDeviceLostError';
}

function lostError(info: GPUDeviceLostInfo): GpuDeviceLostError {
  const why = info.message ? `${info.reason}: ${info.message}` : info.reason;
  return new GpuDeviceLostError(
    `The GPU device was lost (${why}), as after a driver reset or sleep. Nothing was saved after the last checkpoint.`,
  );
}

/** Throws if the WebGPU device this worker used was lost. */
export function assertGpuDevice(): void {
  if (lost) throw lostError(lost);
}

/** How long a failed WebGPU run waits for `device.lost` (SwiftShader took over 1 s). */
const LOSS_SETTLES_MS = 30_000;

/**
 * `work`, unless the WebGPU device is lost first: then the loss, said clearly (work
 * that was waiting on the device may never settle). A failure of `work` caused by the
 * loss (readbacks fail before `device.lost` settles, seconds before on SwiftShader) is
 * reported as the loss too.
 */
export async function unlessGpuLost<T>(work: Promise<T>): Promise<T> {
  const device = watched;
  if (!device) return work;
  const loss = device.lost.then((info) => {
    throw lostError(info);
  });
  try {
    return await Promise.race([work, loss]);
  } catch (error) {
    if (!lost) await Promise.race([device.lost, new Promise((settled) => setTimeout(settled, LOSS_SETTLES_MS))]);
    assertGpuDevice();
    throw error;
  }
}
