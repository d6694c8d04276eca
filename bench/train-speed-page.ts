// The benchmark's page: the app's own trainer client and the built worker, nothing else.
import { TrainerClient } from '../src/app/trainer-client.js';

const trainer = new TrainerClient(() => new Worker('/trainer-worker.js', { type: 'module', name: 'trainer' }));
Object.assign(window, {
  measure: (options: Parameters<TrainerClient['measureBackends']>[0]) => trainer.measureBackends(options, () => {}),
  isolated: crossOriginIsolated,
});
