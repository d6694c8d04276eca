import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import type { PropertyValues } from 'lit';
import { controls } from '../theme.js';
import type { PhotoDigit } from '../../../protocol/predictor.js';
import { fire } from '../fire.js';

/** What the element shows of a photo read (the controller's `PhotoRead`, structurally). */
export interface PhotoShown {
  photo: ImageBitmap;
  digits: PhotoDigit[];
  lines: string[];
  millis: number;
}

/**
 * "Read a photo": a file input that opens the camera on a phone (or takes any image),
 * then the photo as read, a box and the read digit over each digit found, and the lines
 * as text. Fires `photo-pick` with `{ file }`. The photo is drawn on a canvas from the
 * worker's ImageBitmap: the CSP's `img-src 'self'` refuses `blob:` images.
 */
@customElement('photo-reader')
export class PhotoReader extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
    }
    canvas {
      display: block;
      max-width: 100%;
      height: auto;
      margin-top: 0.5rem;
      border: 1px solid var(--border, #767676);
    }
    ol {
      margin: 0.5rem 0 0;
      padding-left: 2.5ch;
      font-size: 1.5rem;
      font-variant-numeric: tabular-nums;
      letter-spacing: 0.1em;
    }
    .note {
      font-size: 0.85rem;
      opacity: 0.85;
    }
  `;

  /** The last photo read, if any. */
  @property({ attribute: false }) accessor result: PhotoShown | undefined;
  /** A photo is being read. */
  @property({ type: Boolean }) accessor reading = false;
  /** Why the last photo was not read ('' when it was). */
  @property() accessor message = '';

  @query('canvas') private accessor _canvas: HTMLCanvasElement | null = null;

  override render() {
    const result = this.result;
    return html`<label
        >Read a photo
        <input type="file" accept="image/*" capture="environment" ?disabled=${this.reading} @change=${this._onPick} />
      </label>
      ${this.reading ? html`<p role="status">Reading the photo…</p>` : nothing}
      ${this.message ? html`<p class="error" role="alert">${this.message}</p>` : nothing}
      ${
        result
          ? html`<canvas
                role="img"
                aria-label=${`The photo with ${result.digits.length} digits found, each boxed with what it reads as`}
              ></canvas>
              <ol aria-label="The photo's lines">
                ${result.lines.map((line) => html`<li>${line}</li>`)}
              </ol>
              <p class="note">
                ${result.digits.length} digits in ${result.lines.length} lines, read in ${result.millis.toFixed(0)} ms.
              </p>`
          : html`<p class="note">Dark digits on light paper, in lines; a phone opens its camera.</p>`
      }`;
  }

  override updated(changed: PropertyValues<this>) {
    if (changed.has('result') && this.result && this._canvas) paint(this._canvas, this.result);
  }

  private _onPick(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = ''; // the same photo may be picked again
    if (file) fire(this, 'photo-pick', { file });
  }
}

/** The photo, and over each digit its box and the digit read, sized to the photo. */
function paint(canvas: HTMLCanvasElement, { photo, digits }: PhotoShown) {
  canvas.width = photo.width;
  canvas.height = photo.height;
  const context = canvas.getContext('2d')!;
  context.drawImage(photo, 0, 0);
  const unit = Math.max(2, Math.round(Math.max(photo.width, photo.height) / 400));
  context.lineWidth = unit;
  context.font = `bold ${unit * 9}px sans-serif`;
  context.textBaseline = 'bottom';
  for (const { left, top, width, height, digit } of digits) {
    context.strokeStyle = '#d40000';
    context.strokeRect(left, top, width, height);
    const label = String(digit);
    const labelWidth = context.measureText(label).width + unit * 2;
    context.fillStyle = '#d40000';
    context.fillRect(left, top - unit * 10, labelWidth, unit * 10);
    context.fillStyle = '#fff';
    context.fillText(label, left + unit, top);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'photo-reader': PhotoReader;
  }
  interface HTMLElementEventMap {
    'photo-pick': CustomEvent<{ file: File }>;
  }
}
