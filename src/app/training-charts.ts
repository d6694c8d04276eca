import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import uPlot from 'uplot';
import type { EpochMetrics } from '../worker/trainer-api.js';

/** A point of the smoothed per-batch loss. */
export interface LossPoint {
  step: number;
  loss: number;
}

const TRAIN_COLOR = '#1e88e5';
const VALIDATION_COLOR = '#e53935';
const HEIGHT = 180;

interface Chart {
  title: string;
  series: uPlot.Series[];
  data: (charts: TrainingCharts) => uPlot.AlignedData;
  xLabel: string;
}

const CHARTS: Chart[] = [
  {
    title: 'Accuracy',
    xLabel: 'epoch',
    series: [
      { label: 'train', stroke: TRAIN_COLOR, width: 2 },
      { label: 'validation', stroke: VALIDATION_COLOR, width: 2 },
    ],
    data: ({ history }) => [
      history.map((e) => e.epoch),
      history.map((e) => e.accuracy),
      history.map((e) => e.valAccuracy),
    ],
  },
  {
    title: 'Loss',
    xLabel: 'epoch',
    series: [
      { label: 'train', stroke: TRAIN_COLOR, width: 2 },
      { label: 'validation', stroke: VALIDATION_COLOR, width: 2 },
    ],
    data: ({ history }) => [history.map((e) => e.epoch), history.map((e) => e.loss), history.map((e) => e.valLoss)],
  },
  {
    title: 'Batch loss (smoothed)',
    xLabel: 'batch',
    series: [{ label: 'train', stroke: TRAIN_COLOR, width: 1.5 }],
    data: ({ batchLoss }) => [batchLoss.map((p) => p.step), batchLoss.map((p) => p.loss)],
  },
];

/** Train and validation accuracy and loss per epoch, and the smoothed batch loss, drawn live with uPlot. */
@customElement('training-charts')
export class TrainingCharts extends LitElement {
  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 20rem), 1fr));
      gap: 1rem;
    }
    figure {
      margin: 0;
      min-width: 0;
    }
    figcaption {
      font-size: 0.9rem;
      font-weight: 600;
    }
  `;

  /** Completed epochs. */
  @property({ attribute: false }) accessor history: EpochMetrics[] = [];
  /** The smoothed batch loss as it arrives. */
  @property({ attribute: false }) accessor batchLoss: LossPoint[] = [];
  /** The epoch to mark (early stopping's best); 0 for none. */
  @property({ type: Number }) accessor bestEpoch = 0;

  private _plots: uPlot[] = [];
  private _resize?: ResizeObserver;

  override render() {
    // uPlot's own stylesheet, inside this shadow root (served beside app.js).
    return html`<link rel="stylesheet" href="uPlot.min.css" /> ${CHARTS.map(
        (chart, i) =>
          html`<figure>
            <figcaption id="chart-${i}">${chart.title}</figcaption>
            <div class="plot" role="img" aria-labelledby="chart-${i}"></div>
          </figure>`,
      )}`;
  }

  override firstUpdated() {
    const color = getComputedStyle(this).color;
    const axis = { stroke: color, grid: { stroke: 'rgba(128, 128, 128, 0.25)' }, ticks: { stroke: color } };
    const containers = [...this.renderRoot.querySelectorAll<HTMLElement>('.plot')];
    this._plots = CHARTS.map((chart, i) => {
      const options: uPlot.Options = {
        width: containers[i].clientWidth || 320,
        height: HEIGHT,
        scales: { x: { time: false } },
        // Whole epochs and batches on the x axis.
        axes: [{ ...axis, label: chart.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }, axis],
        series: [{ label: chart.xLabel }, ...chart.series],
        plugins: chart.xLabel === 'epoch' ? [this._bestEpochMarker()] : [],
      };
      return new uPlot(options, chart.data(this), containers[i]);
    });
    this._resize = new ResizeObserver(() => {
      this._plots.forEach((plot, i) => plot.setSize({ width: containers[i].clientWidth, height: HEIGHT }));
    });
    containers.forEach((container) => this._resize?.observe(container));
  }

  override updated(changed: Map<PropertyKey, unknown>) {
    if (this._plots.length === 0) return;
    if (changed.has('history') || changed.has('bestEpoch')) {
      this._plots[0].setData(CHARTS[0].data(this));
      this._plots[1].setData(CHARTS[1].data(this));
    }
    if (changed.has('batchLoss')) this._plots[2].setData(CHARTS[2].data(this));
  }

  override disconnectedCallback() {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._plots.forEach((plot) => plot.destroy());
    this._plots = [];
  }

  /** A dashed vertical line at the best epoch. */
  private _bestEpochMarker(): uPlot.Plugin {
    return {
      hooks: {
        draw: [
          (plot) => {
            if (!this.bestEpoch) return;
            const x = plot.valToPos(this.bestEpoch, 'x', true);
            const { ctx, bbox } = plot;
            ctx.save();
            ctx.strokeStyle = getComputedStyle(this).color;
            ctx.setLineDash([5, 5]);
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
            ctx.fillStyle = ctx.strokeStyle;
            const right = x + 40 < bbox.left + bbox.width;
            ctx.textAlign = right ? 'left' : 'right';
            ctx.fillText('best', right ? x + 4 : x - 4, bbox.top + 12);
            ctx.restore();
          },
        ],
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'training-charts': TrainingCharts;
  }
}
