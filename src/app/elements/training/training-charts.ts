import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type uPlot from 'uplot';
import type { EpochMetrics } from '../../../protocol/training.js';
import { bestEpochMarker, keyboardLegend } from './chart-plugins.js';
import { useUsableLanguage } from '../language.js';

/** A point of the smoothed per-batch loss. */
export interface LossPoint {
  step: number;
  loss: number;
}

const HEIGHT = 180;

/** The theme's colours (static/app.css), read when the charts are made. */
interface Colors {
  ink: string;
  background: string;
  grid: string;
  train: string;
  validation: string;
}

interface Chart {
  title: string;
  series: (colors: Colors) => uPlot.Series[];
  data: (charts: TrainingCharts) => uPlot.AlignedData;
  xLabel: string;
}

const CHARTS: Chart[] = [
  {
    title: 'Accuracy',
    xLabel: 'epoch',
    series: ({ train, validation, background }) => [
      { label: 'train', stroke: train, width: 2, points: { fill: background } },
      { label: 'validation', stroke: validation, width: 2, points: { fill: background } },
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
    series: ({ train, validation, background }) => [
      { label: 'train', stroke: train, width: 2, points: { fill: background } },
      { label: 'validation', stroke: validation, width: 2, points: { fill: background } },
    ],
    data: ({ history }) => [history.map((e) => e.epoch), history.map((e) => e.loss), history.map((e) => e.valLoss)],
  },
  {
    title: 'Batch loss (smoothed)',
    xLabel: 'batch',
    series: ({ train, background }) => [{ label: 'train', stroke: train, width: 1.5, points: { fill: background } }],
    data: ({ batchLoss }) => [batchLoss.map((p) => p.step), batchLoss.map((p) => p.loss)],
  },
];

const DARK = matchMedia('(prefers-color-scheme: dark)');

/**
 * Train and validation accuracy and loss per epoch, and the smoothed batch loss, drawn
 * live with uPlot in the theme's colours. The charts are made when the element first
 * comes near the viewport (not while the page loads), and made again when the colour
 * scheme changes. The legend's series toggles work from the keyboard too.
 */
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
    .plot {
      min-height: ${HEIGHT}px;
    }
    /* uPlot dims a hidden series' label to 30%, too faint to read: strike it instead. */
    .u-legend .u-off > * {
      opacity: 1;
      text-decoration: line-through;
    }
    .u-legend .u-off .u-marker {
      opacity: 0.3;
    }
    .u-series th:focus-visible {
      outline: 3px solid var(--focus-color, #1558b0);
      outline-offset: 1px;
    }
  `;

  /** Completed epochs. */
  @property({ attribute: false }) accessor history: EpochMetrics[] = [];
  /** The smoothed batch loss as it arrives. */
  @property({ attribute: false }) accessor batchLoss: LossPoint[] = [];
  /** The epoch to mark (early stopping's best); 0 for none. */
  @property({ type: Number }) accessor bestEpoch = 0;

  private _uPlot?: typeof uPlot;
  private _plots: uPlot[] = [];
  private _resize?: ResizeObserver;
  private _visible?: IntersectionObserver;
  private _plotted!: () => void;
  /** Counts builds and teardowns, so a build that was overtaken stops. */
  private _builds = 0;

  /** Resolves once the charts exist. */
  readonly plotted = new Promise<void>((resolve) => (this._plotted = resolve));

  override render() {
    // uPlot's own stylesheet, inside this shadow root (served beside app.js).
    return html`<link rel="stylesheet" href="uPlot.min.css" /> ${CHARTS.map(
        (chart, i) =>
          html`<figure>
            <figcaption id="chart-${i}">${chart.title}</figcaption>
            <div class="plot"></div>
          </figure>`,
      )}`;
  }

  override firstUpdated() {
    // uPlot measures the page as it builds its charts, and makes Intl formatters as it
    // loads (starting ICU): long tasks while the page loads, for charts that are usually
    // below the fold. Both wait until the charts are nearly in view.
    this._visible = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this._visible?.disconnect();
        void this._load();
      },
      { rootMargin: '200px' },
    );
    this._visible.observe(this);
  }

  /**
   * Loads uPlot, then makes one chart a task: the module's evaluation and each chart's
   * first layout are tens of ms each on a phone, and the charts often come into view while
   * a run trains, so no one task holds the page for all of them.
   */
  private async _load() {
    try {
      // uPlot makes a number and a date formatter as its module runs: ICU starts for
      // each here first, in a task of its own, so the module's evaluation is short too.
      useUsableLanguage();
      await nextTask();
      new Intl.DateTimeFormat().resolvedOptions();
      await nextTask();
      this._uPlot = (await import('uplot')).default;
    } catch (error) {
      console.error('Could not load the charts', error);
      return;
    }
    await nextTask();
    if (!this.isConnected) return;
    await this._makePlots();
    if (!this.isConnected) return;
    DARK.addEventListener('change', this._onSchemeChange);
    this._plotted();
  }

  private readonly _onSchemeChange = () => {
    this._destroyPlots();
    void this._makePlots();
  };

  private async _makePlots() {
    const UPlot = this._uPlot;
    if (!UPlot) return;
    const built = ++this._builds;
    const style = getComputedStyle(this);
    const color = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const colors: Colors = {
      ink: style.color,
      background: color('--bg', '#fff'),
      grid: color('--grid-color', 'rgb(128 128 128 / 30%)'),
      train: color('--train-color', '#1e88e5'),
      validation: color('--validation-color', '#d32f2f'),
    };
    const axis = { stroke: colors.ink, grid: { stroke: colors.grid }, ticks: { stroke: colors.ink } };
    const containers = [...this.renderRoot.querySelectorAll<HTMLElement>('.plot')];
    const plots: uPlot[] = [];
    for (const [i, chart] of CHARTS.entries()) {
      if (i > 0) await nextTask();
      // Destroyed or rebuilt meanwhile (disconnected, the scheme changed): leave it to that.
      if (built !== this._builds) {
        plots.forEach((plot) => plot.destroy());
        return;
      }
      const options: uPlot.Options = {
        width: containers[i].clientWidth || 320,
        height: HEIGHT,
        scales: { x: { time: false } },
        // Whole epochs and batches on the x axis.
        axes: [{ ...axis, label: chart.xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }, axis],
        series: [{ label: chart.xLabel }, ...chart.series(colors)],
        plugins: [
          keyboardLegend(chart.title),
          ...(chart.xLabel === 'epoch' ? [bestEpochMarker(colors.ink, () => this.bestEpoch)] : []),
        ],
      };
      const plot = new UPlot(options, chart.data(this), containers[i]);
      // The drawing is the image; the legend beside it holds buttons, which an image may not.
      const drawing = plot.root.querySelector('.u-wrap');
      drawing?.setAttribute('role', 'img');
      drawing?.setAttribute('aria-labelledby', `chart-${i}`);
      plots.push(plot);
    }
    this._plots = plots;
    // Data that came while the later charts were being made.
    plots.forEach((plot, i) => plot.setData(CHARTS[i].data(this)));
    this._resize = new ResizeObserver(() => {
      this._plots.forEach((plot, i) => plot.setSize({ width: containers[i].clientWidth, height: HEIGHT }));
    });
    containers.forEach((container) => this._resize?.observe(container));
  }

  private _destroyPlots() {
    this._builds++;
    this._resize?.disconnect();
    this._plots.forEach((plot) => plot.destroy());
    this._plots = [];
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
    this._visible?.disconnect();
    DARK.removeEventListener('change', this._onSchemeChange);
    this._destroyPlots();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'training-charts': TrainingCharts;
  }
}

/** Resolves in a later task, so the page can draw and take input in between. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
