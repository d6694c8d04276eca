// The Train view: MNIST's status, the settings and Train, the run's progress and plots, the
// backends' speeds and what augmentation does to the images.
import { html } from 'lit';
import type { AppParts, On } from './app-parts.js';

export function trainView({ run: runs, mnist: dataset, preview, backends, library }: AppParts) {
  const { run, running } = runs;
  const elsewhere = runs.otherTabs.training;
  const elsewhereName = library.find(elsewhere?.runId)?.name;
  return html`
    <section aria-labelledby="train-heading">
      <h2 id="train-heading" tabindex="-1">Training</h2>
      <dataset-status
        .progress=${dataset.progress}
        .info=${dataset.info}
        .error=${dataset.error}
        @dataset-retry=${() => void dataset.load()}
      ></dataset-status>
      ${
        elsewhere
          ? html`<p class="elsewhere" role="status">
              ${elsewhereName ? `"${elsewhereName}" is training` : 'Training runs'} in another tab of this app. This tab
              keeps predicting, and takes the run over if that tab closes.
            </p>`
          : ''
      }
      ${runs.tookOver ? html`<p role="status">${runs.tookOver}</p>` : ''}
      ${
        library.storage?.persistence === 'asking'
          ? html`<p role="status">
              The browser asks whether to keep this app's data for good; training goes on whatever the answer (Models
              says what it was).
            </p>`
          : ''
      }
      ${
        runs.resumable && !running && !elsewhere
          ? html`<resume-offer
              .run=${runs.resumable}
              .fault=${runs.fault}
              @run-resume=${(e: On<'run-resume'>) => void runs.resume(e.detail.id, e.detail.backend)}
            ></resume-offer>`
          : ''
      }
      <train-form
        .initial=${preview.initial}
        .notes=${preview.notes}
        ?running=${running}
        ?ready=${dataset.info !== undefined && !elsewhere}
        @config-input=${(e: On<'config-input'>) => preview.input(e.detail)}
        @train-request=${(e: On<'train-request'>) => void runs.train(e.detail)}
        @train-stop=${() => runs.stop()}
      ></train-form>
      <training-progress .run=${run}></training-progress>
    </section>
    <section aria-labelledby="plots-heading">
      <h2 id="plots-heading">Plots</h2>
      <training-charts
        .history=${run?.history ?? []}
        .batchLoss=${runs.batchLoss}
        .bestEpoch=${run?.history.at(-1)?.bestEpoch ?? 0}
      ></training-charts>
    </section>
    <section aria-labelledby="speed-heading">
      <h2 id="speed-heading">Training speed</h2>
      <backend-speeds
        .measurement=${backends.measurement}
        .measuring=${backends.measuring}
        .error=${backends.error}
        ?busy=${running}
        @measure-request=${() => void backends.measure(preview.config)}
      ></backend-speeds>
    </section>
    <section aria-labelledby="augment-heading">
      <h2 id="augment-heading">What the model sees</h2>
      <augment-preview .preview=${preview.preview}></augment-preview>
    </section>
  `;
}
