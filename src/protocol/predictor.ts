// What crosses between the page and the predictor worker (plain data; the page imports
// these types only).

export interface PredictorModel {
  runId: string;
  name: string;
  /** Epochs the checkpoint holds. */
  epoch: number;
}

/** A pen stroke on the pad: its points [x, y], x and y in one unit, in drawing order. */
export type StrokePoints = [number, number][];

/** A top probability under this marks a digit the model is unsure of. */
export const UNSURE_BELOW = 0.5;

/** One digit of a number read from strokes. */
export interface DigitReading {
  digit: number;
  /** Softmax output for 0-9. */
  probabilities: number[];
  /** The 28x28 input the model received, 0-255, for display. */
  input: Uint8Array;
  /** Its top probability is under UNSURE_BELOW. */
  unsure: boolean;
}

export type PredictResult =
  | {
      kind: 'prediction';
      digit: number;
      /** Softmax output for 0-9. */
      probabilities: number[];
      /** The 28x28 input the model received, 0-255, for display. */
      input: Uint8Array;
      model: PredictorModel;
      backend: string;
      /** Preprocessing and the forward pass, in the worker. */
      millis: number;
      /** Median milliseconds of one prediction per backend, once measured (the fastest serves). */
      latencies?: Record<string, number>;
      /**
       * Strokes read as a number: its digits, left to right (`digit`, `probabilities` and
       * `input` above are the first's).
       */
      digits?: DigitReading[];
    }
  /** The pad has no ink: nothing to predict, and no error. */
  | { kind: 'empty' }
  /** No checkpoint saved yet. */
  | { kind: 'no-model' };

export interface PredictorApi {
  /** Preprocesses a drawing (ink 0-255 per pixel, row after row) and predicts its digit. */
  predict(ink: Uint8Array, width: number, height: number): Promise<PredictResult>;
  /**
   * Reads strokes drawn with a pen `pen` wide (in the points' unit) as a number of up to
   * 10 digits written left to right: strokes that overlap horizontally are one digit, each
   * preprocessed as MNIST made its digits, with lines as wide as MNIST's, all predicted in
   * one batch.
   */
  read(strokes: StrokePoints[], pen: number): Promise<PredictResult>;
  /** Predicts ready 28x28 inputs in [0, 1] (count x 784 values): the most likely digits. */
  classify(inputs: Float32Array, count: number): Promise<Uint8Array>;
  /** Follows the given run's checkpoints, or the newest run's (null). */
  useRun(runId: string | null): Promise<PredictorModel | null>;
  /** Holds the Web Lock `name` until this worker ends (see WorkerConnection). */
  holdLifeLock(name: string): Promise<void>;
}

/** A digit found in a photo: where (in `PhotoRead.photo`'s pixels) and what it reads as. */
export interface PhotoDigit {
  left: number;
  top: number;
  width: number;
  height: number;
  digit: number;
  /** The model's probability for `digit`. */
  probability: number;
  /** Which of `PhotoRead.lines` it is in. */
  line: number;
}

/** Why a photo was not read: each with a message the page shows as it is. */
export type PhotoRefusal = 'not-image' | 'too-large' | 'no-ink' | 'too-many';

export type PhotoResult =
  | {
      kind: 'read';
      /** The photo as read, upright and scaled down (transferred: the page draws it). */
      photo: ImageBitmap;
      digits: PhotoDigit[];
      /** Each line's digits, left to right, a space where the gap is wide. */
      lines: string[];
      model: PredictorModel;
      /** Decoding to prediction, in the worker. */
      millis: number;
    }
  | { kind: 'refused'; reason: PhotoRefusal; message: string }
  | { kind: 'no-model' };

/** The photo reader's part of the predictor worker (a separate interface: an easy merge). */
export interface PhotoReaderApi {
  /** Reads the digits in a photo or image file (decoded in the worker). */
  readPhoto(photo: Blob): Promise<PhotoResult>;
}
