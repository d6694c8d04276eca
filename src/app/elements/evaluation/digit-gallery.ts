import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { paintDigit } from '../digit-image.js';
import { formatPercent } from '../format.js';
import { IMAGE_SIDE } from '../../../shared/mnist.js';

export interface GalleryItem {
  /** The image's place in the test set. */
  index: number;
  /** 784 grey levels, 0-255. */
  pixels: Uint8Array;
  label: number;
  predicted: number;
  /** The model's ten probabilities. */
  probabilities: ArrayLike<number>;
}

/** Test images with what the model said of each: its pick, and the true digit's probability. */
@customElement('digit-gallery')
export class DigitGallery extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    ul {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr));
      gap: 0.5rem;
      list-style: none;
      padding: 0;
      margin: 0.25rem 0;
    }
    li {
      display: grid;
      justify-items: center;
      font-size: 0.75rem;
      text-align: center;
    }
    canvas {
      width: 56px;
      height: 56px;
      image-rendering: pixelated;
      border: 1px solid var(--border, #767676);
    }
  `;

  @property({ attribute: false }) accessor items: GalleryItem[] = [];

  override render() {
    return html`<ul>
      ${this.items.map(
        (item) =>
          html`<li>
            <canvas
              width=${IMAGE_SIDE}
              height=${IMAGE_SIDE}
              data-index=${item.index}
              role="img"
              aria-label="Test image ${item.index}, a ${item.label}"
            ></canvas>
            <span>said ${item.predicted} (${formatPercent(item.probabilities[item.predicted])})</span>
            <span>true ${item.label} (${formatPercent(item.probabilities[item.label])})</span>
            <span>#${item.index}</span>
          </li>`,
      )}
    </ul>`;
  }

  protected override updated() {
    const canvases = this.renderRoot.querySelectorAll('canvas');
    this.items.forEach((item, i) => {
      const canvas = canvases[i];
      if (canvas) paintDigit(canvas, item.pixels);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'digit-gallery': DigitGallery;
  }
}
