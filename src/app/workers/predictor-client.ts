// The page's handle on the predictor worker. Drawing produces inputs faster than a
// phone may predict them, so only the newest drawing waits: older ones are dropped.
import { transfer } from 'comlink';
import type {
  PhotoReaderApi,
  PhotoResult,
  PredictorApi,
  PredictorModel,
  PredictResult,
  StrokePoints,
} from '../../protocol/predictor.js';
import { WorkerConnection } from './worker-connection.js';
import type { StartListener } from './worker-start.js';

const defaultWorker = () =>
  new Worker(new URL('./predictor-worker.js', import.meta.url), { type: 'module', name: 'predictor' });

/** Ink per pixel (one digit), or the pad's strokes (a number of up to 10 digits). */
export type Drawing = { ink: Uint8Array; width: number; height: number } | { strokes: StrokePoints[]; pen: number };

export class PredictorClient {
  private readonly connection: WorkerConnection<PredictorApi & PhotoReaderApi>;
  private busy = false;
  private waiting?: { drawing: Drawing; resolve: (result: PredictResult | undefined) => void };
  /** The run the page picked (null: the newest), given again to a restarted worker. */
  private picked: string | null = null;

  constructor(createWorker: () => Worker = defaultWorker) {
    this.connection = new WorkerConnection('predictor', createWorker, {
      holdLifeLock: (api, name) => api.holdLifeLock(name),
      prepare: async (api) => {
        if (this.picked !== null) await api.useRun(this.picked);
      },
    });
  }

  /** Tells `listener` when the worker's script is tried again, and how each start ends. */
  onStart(listener: StartListener): void {
    this.connection.onStart = listener;
  }

  /** Resolves with the prediction, or undefined when a newer drawing took its place. */
  async predict(drawing: Drawing): Promise<PredictResult | undefined> {
    if (this.busy) {
      this.waiting?.resolve(undefined);
      return new Promise((resolve) => (this.waiting = { drawing, resolve }));
    }
    this.busy = true;
    try {
      // Comlink's types spread the union over promises; it is one promise of the union.
      return await this.connection.call(
        (api) =>
          ('strokes' in drawing
            ? api.read(drawing.strokes, drawing.pen)
            : api.predict(
                transfer(drawing.ink, [drawing.ink.buffer]),
                drawing.width,
                drawing.height,
              )) as Promise<PredictResult>,
      );
    } finally {
      this.busy = false;
      const next = this.waiting;
      this.waiting = undefined;
      if (next) void this.predict(next.drawing).then(next.resolve, () => next.resolve(undefined));
    }
  }

  classify(inputs: Float32Array, count: number): Promise<Uint8Array> {
    return this.connection.call((api) => api.classify(transfer(inputs, [inputs.buffer]), count));
  }

  /** Reads a photo's digits; the file is handed over undecoded (a Blob is a handle, not its pixels). */
  readPhoto(photo: Blob): Promise<PhotoResult> {
    return this.connection.call((api) => api.readPhoto(photo) as Promise<PhotoResult>);
  }

  useRun(runId: string | null): Promise<PredictorModel | null> {
    this.picked = runId;
    return this.connection.call((api) => api.useRun(runId));
  }

  terminate(): void {
    this.connection.terminate();
  }
}
