import { LitElement, css, html } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { controls } from '../theme.js';
import { fire } from '../fire.js';
import type { StrokePoints } from '../../../protocol/predictor.js';

/** The pen's width as a fraction of the pad's height: about MNIST's for a digit 60% as tall. */
const STROKE = 0.075;

export interface InkDetail {
  /** Every stroke's points, in units of the pad's height (x from its left, y from its top). */
  strokes: StrokePoints[];
  /** The pen's width, in the same unit. */
  pen: number;
  /** True when a stroke ended (the finger lifted), or the pad was cleared or undone. */
  final: boolean;
}

type Point = [number, number];

/**
 * A pad to draw a digit, or a number of up to 10 digits left to right, on with a finger,
 * pen or mouse: square on a phone held upright, wider in landscape and on a wide screen.
 * Fires `ink` (detail: InkDetail) while drawing, at most every `interval` ms, and when a
 * stroke ends. Clear and Undo, as buttons and as Escape and Backspace on the focused pad.
 */
@customElement('draw-pad')
export class DrawPad extends LitElement {
  static override styles = css`
    ${controls}
    :host {
      display: block;
      width: 100%;
    }
    canvas {
      display: block;
      width: 100%;
      aspect-ratio: 1;
      touch-action: none;
      /* White ink on black, as MNIST's digits, in either colour scheme; the ring (a
       shadow, so the pointer's geometry is unchanged) marks the edge on a dark page. */
      background: #000;
      box-shadow: 0 0 0 1px var(--border, #767676);
      border-radius: 0.5rem;
      cursor: crosshair;
    }
    /* A number's digits side by side: a phone on its side, or a wide screen. */
    @media (orientation: landscape) and (max-height: 32rem), (min-width: 90rem) {
      canvas {
        aspect-ratio: 2.5;
      }
    }
    .hint {
      font-size: 0.85rem;
      margin: 0.25rem 0 0;
    }
    .buttons {
      display: flex;
      gap: 0.5rem;
      margin-top: 0.5rem;
    }
    button {
      flex: 1;
      padding: 0.5rem;
    }
  `;

  /** Milliseconds between `ink` events while a stroke goes on. */
  @property({ type: Number }) accessor interval = 100;

  @query('canvas') private accessor _canvas!: HTMLCanvasElement;
  private _strokes: Point[][] = [];
  private _pointer?: number;
  private _lastInk = 0;
  private _resize?: ResizeObserver;

  override render() {
    return html`<canvas
        role="img"
        aria-label="Drawing pad"
        aria-describedby="hint"
        tabindex="0"
        @pointerdown=${this._onPointerDown}
        @pointermove=${this._onPointerMove}
        @pointerup=${this._onPointerUp}
        @pointercancel=${this._onPointerUp}
        @keydown=${this._onKeyDown}
      ></canvas>
      <p class="hint" id="hint">
        Write a digit or a number with a finger, pen or mouse. Escape clears, Backspace undoes.
      </p>
      <div class="buttons">
        <button @click=${this.undo}>Undo</button>
        <button @click=${this.clear}>Clear</button>
      </div>`;
  }

  override firstUpdated() {
    // Pixels to match the screen's, so strokes stay sharp at any device-pixel ratio.
    this._resize = new ResizeObserver(() => {
      const width = Math.round(this._canvas.clientWidth * devicePixelRatio);
      const height = Math.round(this._canvas.clientHeight * devicePixelRatio);
      if (width === 0 || (width === this._canvas.width && height === this._canvas.height)) return;
      [this._canvas.width, this._canvas.height] = [width, height]; // which clears it
      if (this._strokes.length > 0) this._redraw();
    });
    this._resize.observe(this._canvas);
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._resize?.disconnect();
  }

  /** Removes every stroke. */
  clear() {
    this._strokes = [];
    this._redraw();
    this._emit(true);
  }

  /** Removes the last stroke. */
  undo() {
    this._strokes.pop();
    this._redraw();
    this._emit(true);
  }

  /** In units of the pad's height, so a stroke keeps its shape whatever the pad's width. */
  private _point(event: PointerEvent): Point {
    const box = this._canvas.getBoundingClientRect();
    return [(event.clientX - box.left) / box.height, (event.clientY - box.top) / box.height];
  }

  private _onPointerDown(event: PointerEvent) {
    if (this._pointer !== undefined || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this._canvas.setPointerCapture(event.pointerId);
    this._pointer = event.pointerId;
    this._strokes.push([this._point(event)]);
    this._drawStroke(this._canvasContext(), this._canvas.height, this._strokes.at(-1)!, 0);
  }

  private _onPointerMove(event: PointerEvent) {
    if (event.pointerId !== this._pointer) return;
    const stroke = this._strokes.at(-1)!;
    const from = stroke.length - 1;
    // Coalesced events: every point the hardware reported, for smooth fast strokes.
    for (const each of event.getCoalescedEvents().length > 0 ? event.getCoalescedEvents() : [event]) {
      stroke.push(this._point(each));
    }
    this._drawStroke(this._canvasContext(), this._canvas.height, stroke, from);
    if (event.timeStamp - this._lastInk >= this.interval) {
      this._lastInk = event.timeStamp;
      this._emit(false);
    }
  }

  private _onPointerUp(event: PointerEvent) {
    if (event.pointerId !== this._pointer) return;
    this._pointer = undefined;
    this._emit(true);
  }

  private _onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') this.clear();
    else if (event.key === 'Backspace') {
      event.preventDefault(); // not the browser's Back
      this.undo();
    }
  }

  private _canvasContext(): CanvasRenderingContext2D {
    return this._canvas.getContext('2d')!;
  }

  private _redraw() {
    const context = this._canvasContext();
    context.clearRect(0, 0, this._canvas.width, this._canvas.height);
    for (const stroke of this._strokes) this._drawStroke(context, this._canvas.height, stroke, 0);
  }

  /** Draws a stroke from point `from` on, white, its width in proportion to the height. */
  private _drawStroke(context: CanvasRenderingContext2D, side: number, stroke: Point[], from: number) {
    context.strokeStyle = context.fillStyle = '#fff';
    context.lineWidth = side * STROKE;
    context.lineCap = context.lineJoin = 'round';
    context.beginPath();
    const [x0, y0] = stroke[from];
    context.moveTo(x0 * side, y0 * side);
    // A lone point still leaves a dot.
    if (stroke.length === 1) context.lineTo(x0 * side + 0.01, y0 * side);
    for (let i = from + 1; i < stroke.length; i++) context.lineTo(stroke[i][0] * side, stroke[i][1] * side);
    context.stroke();
  }

  private _emit(final: boolean) {
    // Copies: the strokes go on growing while the worker reads these.
    const detail: InkDetail = {
      strokes: this._strokes.map((stroke) => stroke.map(([x, y]) => [x, y])),
      pen: STROKE,
      final,
    };
    fire(this, 'ink', detail);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'draw-pad': DrawPad;
  }
  interface HTMLElementEventMap {
    ink: CustomEvent<InkDetail>;
  }
}
