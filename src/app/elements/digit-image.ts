// 28x28 grey images (MNIST's, augmented ones, the predictor's input) painted on a canvas.
import { IMAGE_SIDE } from '../../shared/mnist.js';

/** Paints 784 grey levels (0-255, row after row) into a 28x28 canvas. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>): void {
  const image = new ImageData(IMAGE_SIDE, IMAGE_SIDE);
  const { data } = image;
  // Byte by byte: a page paints hundreds of these (the preview, a confusion cell's
  // images), and an array per pixel made that a long task.
  for (let i = 0; i < IMAGE_SIDE * IMAGE_SIDE; i++) {
    const grey = pixels[i];
    data[i * 4] = data[i * 4 + 1] = data[i * 4 + 2] = grey;
    data[i * 4 + 3] = 255;
  }
  canvas.getContext('2d')?.putImageData(image, 0, 0);
}
