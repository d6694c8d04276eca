// 28x28 grey images (MNIST's, augmented ones, the predictor's input) painted on a canvas.

export const DIGIT_SIDE = 28;

/** Paints 784 grey levels (0-255, row after row) into a 28x28 canvas. */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>): void {
  const image = new ImageData(DIGIT_SIDE, DIGIT_SIDE);
  for (let i = 0; i < DIGIT_SIDE * DIGIT_SIDE; i++) image.data.set([pixels[i], pixels[i], pixels[i], 255], i * 4);
  canvas.getContext('2d')?.putImageData(image, 0, 0);
}
