// Digits in a style MNIST does not have: strokes one pixel wide. Each row keeps the left
// edge of every bright run, each column its top edge; everything else goes dark.
export function thinStrokes(pixels: Uint8Array, side = 28): Uint8Array {
  const out = new Uint8Array(pixels.length);
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= side || y >= side ? 0 : pixels[y * side + x]);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const p = at(x, y);
      if (p < 128) continue;
      const rowEdge = at(x - 1, y) < 128;
      const columnEdge = at(x, y - 1) < 128;
      if (rowEdge || columnEdge) out[y * side + x] = 255;
    }
  }
  return out;
}
