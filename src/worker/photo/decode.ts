// A photo or image file into grey levels, in the worker: decoded upright (EXIF
// orientation applied) and scaled down so a phone's 12-megapixel photo costs what a
// 1600-pixel one does; digits stay tens of pixels tall at that size.

import type { PhotoRefusal } from '../../protocol/predictor.js';

/** Files over this many bytes are refused before decoding. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
/** The longest side the photo is read at. */
export const MAX_SIDE = 1600;

export interface GreyImage {
  width: number;
  height: number;
  /** 0 (black) to 255 (white), row after row. */
  grey: Uint8Array;
}

export class PhotoError extends Error {
  constructor(
    readonly reason: PhotoRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'PhotoError';
  }
}

const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** The photo at most MAX_SIDE pixels long, upright, with its grey levels. */
export async function decodePhoto(photo: Blob): Promise<{ bitmap: ImageBitmap; image: GreyImage }> {
  if (photo.size > MAX_PHOTO_BYTES) {
    throw new PhotoError(
      'too-large',
      `That image is ${megabytes(photo.size)} MB; photos up to ${MAX_PHOTO_BYTES / 1024 / 1024} MB are read.`,
    );
  }
  let full: ImageBitmap;
  try {
    full = await createImageBitmap(photo, { imageOrientation: 'from-image' });
  } catch {
    throw new PhotoError('not-image', 'That file is not an image this browser can decode (try a JPEG or PNG photo).');
  }
  const scale = Math.min(1, MAX_SIDE / Math.max(full.width, full.height));
  const width = Math.max(1, Math.round(full.width * scale));
  const height = Math.max(1, Math.round(full.height * scale));
  let bitmap = full;
  if (scale < 1) {
    bitmap = await createImageBitmap(full, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
    full.close();
  }
  const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true })!;
  // Transparent pixels read as paper, not as black ink.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) {
    // Rec. 601 luma, in integers.
    grey[i] = (rgba[i * 4] * 77 + rgba[i * 4 + 1] * 150 + rgba[i * 4 + 2] * 29) >> 8;
  }
  return { bitmap, image: { width, height, grey } };
}
