// Reading a photo's digits: the file goes to the predictor worker undecoded (a File is a
// handle, so the page never holds its pixels), and what comes back is the photo as read,
// scaled down, with its digits. Keeps its own message for a photo that was not read.
import type { ReactiveControllerHost } from 'lit';
import type { PhotoResult } from '../../protocol/predictor.js';
import type { PredictorClient } from '../workers/predictor-client.js';
import { errorMessage } from '../../shared/error-message.js';

export type PhotoRead = Extract<PhotoResult, { kind: 'read' }>;

export class PhotoController {
  /** The last photo read; its bitmap is closed when the next photo is answered. */
  read: PhotoRead | undefined;
  reading = false;
  /** Why the last photo was not read, as the user should see it; '' when it was. */
  message = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly predictor: PredictorClient,
  ) {}

  async readPhoto(photo: Blob): Promise<void> {
    this.reading = true;
    this.message = '';
    this.host.requestUpdate();
    try {
      const result = await this.predictor.readPhoto(photo);
      // A refused photo takes the last one's place too: its boxes would answer the wrong photo.
      this.read?.photo.close();
      this.read = result.kind === 'read' ? result : undefined;
      if (result.kind !== 'read') {
        this.message =
          result.kind === 'no-model'
            ? 'No trained model yet: train one, or import one on the Models view, then read the photo again.'
            : result.message;
      }
    } catch (error) {
      this.message = `The photo was not read: ${errorMessage(error)}`;
    } finally {
      this.reading = false;
      this.host.requestUpdate();
    }
  }
}
