// A photographed page of handwritten digits, made from MNIST test digits: dark ink on
// ruled, textured paper, lit unevenly, slightly turned and blurred, saved as a JPEG.
// Seeded throughout, so each page is the same on every run.
import type { SeededRandom } from '../../src/worker/data/random.js';

export interface PageOptions {
  width: number;
  height: number;
  lines: number;
  perLine: number;
  /** Degrees the page is turned by. */
  turn: number;
  quality: number;
}

export interface PhotoPage {
  photo: Blob;
  /** Each digit's centre in the photo's pixels once scaled to `side` on its longest side. */
  truth: { x: number; y: number; label: number }[];
}

const SCALE = 3; // an MNIST pixel on the page

/** The digits `first`, `first + 1`... of `images` (28x28 each) with their labels. */
export async function photoPage(
  images: Uint8Array,
  labels: Uint8Array,
  first: number,
  random: SeededRandom,
  options: PageOptions,
  side = 1600,
): Promise<PhotoPage> {
  const { width, height, lines, perLine, turn, quality } = options;
  const page = new OffscreenCanvas(width, height);
  const ink = page.getContext('2d')!;
  ink.fillStyle = 'rgb(236, 232, 222)';
  ink.fillRect(0, 0, width, height);
  const pitch = height / (lines + 1);
  const cell = 28 * SCALE;
  const spacing = (width - 2 * cell) / perLine;
  const digit = new OffscreenCanvas(28, 28);
  const digitContext = digit.getContext('2d')!;
  const centres: { x: number; y: number; label: number }[] = [];
  ink.imageSmoothingEnabled = true;
  ink.imageSmoothingQuality = 'high';
  for (let line = 0; line < lines; line++) {
    const baseline = pitch * (line + 1) + cell / 2;
    // A ruled line under the digits, touched or crossed by their lowest strokes.
    ink.strokeStyle = 'rgb(120, 140, 175)';
    ink.lineWidth = 2;
    ink.beginPath();
    ink.moveTo(0, baseline + 0.5);
    ink.lineTo(width, baseline + 0.5);
    ink.stroke();
    for (let k = 0; k < perLine; k++) {
      const index = first + line * perLine + k;
      const pixels = new ImageData(28, 28);
      for (let i = 0; i < 784; i++) {
        pixels.data.set([25, 25, 45, images[index * 784 + i]], i * 4);
      }
      digitContext.putImageData(pixels, 0, 0);
      const left = cell + k * spacing + random.symmetric(spacing * 0.1);
      // MNIST's digits end near row 24: there the ruled line runs.
      const top = baseline - 24 * SCALE + random.symmetric(SCALE * 2);
      ink.drawImage(digit, left, top, cell, cell);
      // The truth is the centre of the digit's ink, which its box must hold.
      let mass = 0;
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < 784; i++) {
        const v = images[index * 784 + i];
        mass += v;
        sx += v * ((i % 28) + 0.5);
        sy += v * (Math.floor(i / 28) + 0.5);
      }
      centres.push({ x: left + (sx / mass) * SCALE, y: top + (sy / mass) * SCALE, label: labels[index] });
    }
  }

  // The camera: turned about the centre, blurred, lit from one corner, paper's grain.
  const photo = new OffscreenCanvas(width, height);
  const camera = photo.getContext('2d')!;
  camera.fillStyle = 'rgb(236, 232, 222)';
  camera.fillRect(0, 0, width, height);
  const angle = (turn * Math.PI) / 180;
  camera.translate(width / 2, height / 2);
  camera.rotate(angle);
  camera.translate(-width / 2, -height / 2);
  camera.filter = 'blur(1.2px)';
  camera.drawImage(page, 0, 0);
  camera.resetTransform();
  camera.filter = 'none';
  const shot = camera.getImageData(0, 0, width, height);
  const phase = random.next() * 6;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Light falls from 100% at one corner to 45% at the other, with a soft shadow band.
      const light =
        1 -
        0.45 * (0.6 * (x / width) + 0.4 * (y / height)) -
        0.1 * Math.exp(-(((x - width * 0.3) / (width * 0.08)) ** 2));
      const grain = random.symmetric(9) + 5 * Math.sin(x / 7 + phase) * Math.sin(y / 11);
      const i = (y * width + x) * 4;
      for (let c = 0; c < 3; c++) shot.data[i + c] = shot.data[i + c] * light + grain;
    }
  }
  camera.putImageData(shot, 0, 0);
  const scale = Math.min(1, side / Math.max(width, height));
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const truth = centres.map(({ x, y, label }) => {
    const dx = x - width / 2;
    const dy = y - height / 2;
    return {
      x: (width / 2 + dx * cos - dy * sin) * scale,
      y: (height / 2 + dx * sin + dy * cos) * scale,
      label,
    };
  });
  return { photo: await photo.convertToBlob({ type: 'image/jpeg', quality }), truth };
}

/** Paper alone, lit and grained as the pages are: no ink at all. */
export async function blankPaper(random: SeededRandom, width = 1200, height = 900): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const shot = new ImageData(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const level = 230 * (1 - 0.4 * (x / width)) + random.symmetric(9);
      shot.data.set([level, level - 4, level - 12, 255], (y * width + x) * 4);
    }
  }
  context.putImageData(shot, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.7 });
}

/** Paper with `count` separate dots of ink: too many pieces to be digits. */
export async function dottedPaper(count: number, width = 1200, height = 900): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#eee';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#222';
  const across = Math.ceil(Math.sqrt((count * width) / height));
  for (let i = 0; i < count; i++) {
    const x = ((i % across) + 0.5) * (width / across);
    const y = (Math.floor(i / across) + 0.5) * (height / Math.ceil(count / across));
    context.fillRect(x - 5, y - 5, 10, 10);
  }
  return canvas.convertToBlob({ type: 'image/png' });
}
