// A worker exposing services the way the trainer's entry does (class instances under
// their concept's name), for TrainerClient's tests: small stand-ins for the real ones.
import { expose, transfer } from 'comlink';
import { holdForLife } from '../../src/worker/trainer/locks.js';

class Runs {
  /** A field the method reads through `this`: Comlink calls it on its instance. */
  private readonly names = ['first', 'second'];

  list() {
    return Promise.resolve(this.names.map((name, i) => ({ id: String(i), name })));
  }

  rename(id: string, name: string) {
    return Promise.resolve({ id, name: name.trim() });
  }
}

class Training {
  private stopped = false;

  /** Reports each epoch (through the page's proxy), ending early once stop() is called. */
  async start(epochs: number, onEvent: (event: { epoch: number }) => Promise<void>) {
    this.stopped = false;
    for (let epoch = 1; epoch <= epochs; epoch++) {
      await onEvent({ epoch });
      if (this.stopped) return { reason: 'stopped', epoch };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { reason: 'completed', epoch: epochs };
  }

  stop() {
    this.stopped = true;
  }
}

class Data {
  testImages(indices: number[]) {
    const pixels = Uint8Array.from(indices);
    return Promise.resolve(transfer(pixels, [pixels.buffer]));
  }
}

expose({ runs: new Runs(), training: new Training(), data: new Data(), lifeLock: { hold: holdForLife } });
