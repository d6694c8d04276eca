// MNIST's geometry and classes, for every realm: 28x28 grey images of ten digits.
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASS_COUNT = 10;
