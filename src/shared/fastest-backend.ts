// Which measured backend trains fastest: `auto` starts it, the page marks it.
import type { BackendMeasurement, MeasuredBackend } from '../protocol/backends.js';

export function fastestBackend(measurement: BackendMeasurement): MeasuredBackend | undefined {
  let best: MeasuredBackend | undefined;
  for (const result of measurement.results) {
    if (result.speed && (!best?.speed || result.speed.imagesPerSecond > best.speed.imagesPerSecond)) best = result;
  }
  return best;
}
