// The evaluation panel's state and its calls to the trainer worker, kept out of
// <mnist-app> (the host), which it asks to render again when the state changes.
import type { ReactiveControllerHost } from 'lit';
import { cellImages, confidentlyWrong, type EvaluationReport } from '../../shared/evaluation-report.js';
import type { GalleryItem } from '../elements/evaluation/digit-gallery.js';
import type { CellImages } from '../elements/evaluation/test-evaluation.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import { CLASS_COUNT, IMAGE_PIXELS } from '../../shared/mnist.js';
import { errorMessage } from '../../shared/error-message.js';

/** Images a cell shows at most (the diagonal holds about a thousand). */
export const CELL_LIMIT = 60;
/** Most confidently wrong images shown. */
export const WRONG_LIMIT = 24;

export class EvaluationController {
  progress: { done: number; total: number } | null = null;
  report: EvaluationReport | null = null;
  error = '';
  wrong: GalleryItem[] = [];
  cell: CellImages | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
  ) {}

  async evaluate(runId: string | null): Promise<void> {
    this.error = '';
    this.cell = null;
    this.progress = { done: 0, total: 0 };
    this.host.requestUpdate();
    try {
      const report = await this.trainer.evaluation.score(runId, (progress) => {
        this.progress = progress;
        this.host.requestUpdate();
      });
      this.wrong = await this.gallery(report, confidentlyWrong(report, WRONG_LIMIT));
      this.report = report;
    } catch (error) {
      this.error = `Could not evaluate: ${errorMessage(error)}`;
    } finally {
      this.progress = null;
      this.host.requestUpdate();
    }
  }

  async showCell(label: number, called: number): Promise<void> {
    const report = this.report;
    if (!report) return;
    const indices = cellImages(report, label, called);
    try {
      const items = await this.gallery(report, indices.slice(0, CELL_LIMIT));
      this.cell = { label, called, total: indices.length, items };
      this.error = '';
    } catch (error) {
      this.error = `Could not show the images: ${errorMessage(error)}`;
    }
    this.host.requestUpdate();
  }

  private async gallery(report: EvaluationReport, indices: number[]): Promise<GalleryItem[]> {
    const pixels = indices.length > 0 ? await this.trainer.data.testImages(indices) : new Uint8Array(0);
    return indices.map((index, k) => ({
      index,
      pixels: pixels.subarray(k * IMAGE_PIXELS, (k + 1) * IMAGE_PIXELS),
      label: report.labels[index],
      predicted: report.predicted[index],
      probabilities: report.probabilities.subarray(index * CLASS_COUNT, (index + 1) * CLASS_COUNT),
    }));
  }
}
