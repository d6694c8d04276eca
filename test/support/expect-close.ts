// Compares a kernel's output with a reference computed another way.
import { expect } from 'chai';

/**
 * Float32 sums of up to a few thousand products, in a different order on each backend:
 * |wasm - cpu| <= 1e-5 + 1e-4 * max|cpu| elementwise.
 */
export function expectClose(actual: Float32Array, expected: Float32Array, what: string): void {
  expect(actual.length, what).to.equal(expected.length);
  let scale = 0;
  for (const v of expected) scale = Math.max(scale, Math.abs(v));
  const tolerance = 1e-5 + 1e-4 * scale;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(
    worst,
    `${what}: worst difference ${worst} of scale ${scale} ${actual.slice(0, 6).join()} vs ${expected.slice(0, 6).join()}`,
  ).to.be.at.most(tolerance);
}
