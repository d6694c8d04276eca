// The training form's values: kept in the URL, so a setup is a shareable link, and
// shown as the augmentation they set, applied to a few training images.
import type { ReactiveControllerHost } from 'lit';
import type { AugmentPreview } from '../../protocol/data.js';
import { parseConfig, queryNotes, rawConfigFromQuery, type TrainConfig } from '../../shared/train-config.js';
import type { RawConfig } from '../elements/training/train-form.js';
import type { TrainerClient } from '../workers/trainer-client.js';
import type { DatasetController } from './dataset-controller.js';

/** How long the form stays still before the preview follows it. */
const PREVIEW_DELAY_MS = 250;

export class PreviewController {
  /** The form's first values, from the URL's query. */
  readonly initial: RawConfig = rawConfigFromQuery(location.search);
  /** What the query set that the form could not take. */
  readonly notes: string[] = queryNotes(location.search);
  preview: AugmentPreview | undefined;
  private raw: RawConfig = this.initial;
  private timer?: number;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly trainer: TrainerClient,
    private readonly dataset: DatasetController,
  ) {}

  /** The form's values as settings; undefined while one of them is invalid. */
  get config(): TrainConfig | undefined {
    return parseConfig(this.raw).config;
  }

  /** The user changed the form. */
  input(raw: RawConfig): void {
    const params = new URLSearchParams(location.search);
    for (const [name, value] of Object.entries(raw)) params.set(name, value);
    // The hash names the view: it stays.
    history.replaceState(null, '', `?${params}${location.hash}`);
    this.raw = raw;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.refresh(), PREVIEW_DELAY_MS);
  }

  /** Shows the current augmentation settings applied to a few training images. */
  async refresh(): Promise<void> {
    const config = this.config;
    if (!config || !this.dataset.info) return;
    const off = !config.augment;
    try {
      this.preview = await this.trainer.data.previewAugmentation({
        rotationRange: off ? 0 : config.rotationRange,
        zoomRange: off ? 0 : config.zoomRange,
        widthShiftRange: off ? 0 : config.widthShiftRange,
        heightShiftRange: off ? 0 : config.heightShiftRange,
        seed: config.seed,
        count: 4,
        variants: 7,
      });
      this.host.requestUpdate();
    } catch (error) {
      console.error('Could not preview the augmentation', error);
    }
  }
}
