/** The centre of mass of a 28x28 image, in pixel-index coordinates (x, y). */
export function centreOfMass(image: ArrayLike<number>): [number, number] {
  let mass = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < image.length; i++) {
    mass += image[i];
    x += image[i] * (i % 28);
    y += image[i] * Math.floor(i / 28);
  }
  return [x / mass, y / mass];
}
