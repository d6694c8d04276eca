// The training speeds of the device's backends: remembered, or measured (again).
import type { BackendName, BackendsService, MeasureProgress, SpeedOptions } from '../../protocol/backends.js';
import { AUTO_MEASURE, measureAndRemember, measureTrainingSpeeds } from '../backends/backend.js';
import { loadMeasurement } from '../storage/measured-speeds.js';
import { exclusive, oneTabAtATime } from './trainer-state.js';

export class BackendSpeeds implements BackendsService {
  remembered() {
    return loadMeasurement();
  }

  measure(options: SpeedOptions & { backends?: BackendName[] }, onProgress?: (progress: MeasureProgress) => void) {
    return exclusive('Measuring the backends', () =>
      oneTabAtATime(async () => {
        const { backends, ...speedOptions } = options;
        // A benchmark's own list of backends is not what the device's `auto` goes by.
        return backends
          ? await measureTrainingSpeeds(backends, { ...AUTO_MEASURE, ...speedOptions }, onProgress)
          : await measureAndRemember(speedOptions, onProgress);
      }),
    );
  }
}
