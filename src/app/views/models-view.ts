// The Models view: the saved runs (resume, rename, delete, export, .h5 export and share),
// installing the app, import, and the model's layers.
import { html } from 'lit';
import type { AppParts, On } from './app-parts.js';

export function modelsView({ library, run, mnist: dataset, install, preview }: AppParts) {
  return html`
    <section aria-labelledby="library-heading">
      <h2 id="library-heading" tabindex="-1">Saved models</h2>
      ${library.error ? html`<p class="error" role="alert">${library.error}</p>` : ''}
      ${library.notice ? html`<p role="status">${library.notice}</p>` : ''}
      <model-library
        .runs=${library.runs}
        .storage=${library.storage}
        .activeRunId=${run.activeRunId}
        ?busy=${run.running}
        ?canShare=${library.sharesH5}
        ?h5NamedAfterRun=${library.h5NamedAfterRun}
        @run-resume=${(e: On<'run-resume'>) =>
          // An imported model has no run to resume: it trains further with the Train view's settings.
          library.find(e.detail.id)?.status === 'imported'
            ? void run.trainFurther(e.detail.id, preview.config)
            : void run.resume(e.detail.id)}
        @run-rename=${(e: On<'run-rename'>) => void library.rename(e.detail.id, e.detail.name)}
        @run-delete=${(e: On<'run-delete'>) => void library.delete(e.detail.id)}
        @run-export=${(e: On<'run-export'>) => void library.export(e.detail.id)}
        @run-export-h5=${(e: On<'run-export-h5'>) => void library.exportH5(e.detail.id)}
        @run-share=${(e: On<'run-share'>) => void library.shareH5(e.detail.id)}
        @h5-naming=${(e: On<'h5-naming'>) => library.nameH5AfterRun(e.detail.afterRun)}
      ></model-library>
      <install-offer
        .state=${install.state}
        .message=${install.message}
        @install-request=${() => void install.install()}
      ></install-offer>
      <model-import
        ?busy=${library.importing}
        .message=${library.importMessage}
        ?failed=${library.importFailed}
        @model-import=${(e: On<'model-import'>) => void library.import(e.detail.files)}
      ></model-import>
    </section>
    <section aria-labelledby="model-heading">
      <h2 id="model-heading">Model</h2>
      <model-summary .summary=${dataset.summary}></model-summary>
    </section>
  `;
}
