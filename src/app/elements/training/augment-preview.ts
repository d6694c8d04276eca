import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AugmentPreview as Preview } from '../../../protocol/data.js';
import { paintDigit } from '../digit-image.js';
import { IMAGE_SIDE as SIDE } from '../../../shared/mnist.js';

/** A grid of training images as augmentation transforms them: each original, then its variants. */
@customElement('augment-preview')
export class AugmentPreview extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .grid {
      display: grid;
      gap: 2px;
      justify-content: start;
      grid-template-columns: repeat(var(--columns, 8), auto);
    }
    canvas {
      width: 2.5rem;
      height: 2.5rem;
      image-rendering: pixelated;
      background: #000;
    }
    canvas.original {
      outline: 2px solid color-mix(in srgb, currentColor 50%, transparent);
    }
  `;

  /** The images the trainer worker made from the current settings. */
  @property({ attribute: false }) accessor preview: Preview | undefined;

  override render() {
    const preview = this.preview;
    if (!preview) return html`<p>Preparing samples…</p>`;
    const columns = preview.variants + 1;
    return html`<div
      class="grid"
      role="img"
      aria-label="${preview.count} training images, each followed by ${preview.variants} augmented versions"
    >
      ${Array.from({ length: preview.count * columns }, (_, i) =>
        i % columns === 0
          ? html`<canvas class="original" width=${SIDE} height=${SIDE}></canvas>`
          : html`<canvas width=${SIDE} height=${SIDE}></canvas>`,
      )}
    </div>`;
  }

  override updated() {
    const preview = this.preview;
    if (!preview) return;
    const canvases = this.renderRoot.querySelectorAll('canvas');
    const columns = preview.variants + 1;
    // Through the CSSOM: the CSP allows no inline style attribute.
    this.renderRoot.querySelector<HTMLElement>('.grid')?.style.setProperty('--columns', String(columns));
    canvases.forEach((canvas, i) => {
      const row = Math.floor(i / columns);
      const column = i % columns;
      const pixels =
        column === 0
          ? preview.originals.subarray(row * SIDE * SIDE, (row + 1) * SIDE * SIDE)
          : preview.augmented.subarray(
              (row * preview.variants + column - 1) * SIDE * SIDE,
              (row * preview.variants + column) * SIDE * SIDE,
            );
      paintDigit(canvas, pixels);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'augment-preview': AugmentPreview;
  }
}
