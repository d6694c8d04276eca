// The Models view: the saved runs (resume, rename, delete, export), installing the app,
// import, and the model's layers.
import { html } from 'lit';
import type { AppParts, On } from './app-parts.js';

export function modelsView({ library, run, mnist: dataset, install }: AppParts) {
  return html`
    <section aria-labelledby="library-heading">
      <h2 id="library-heading" tabindex="-1">Saved models</h2>
      ${library.error ? html`<p class="error" role="alert">${library.error}</p>` : ''}
      <model-library
        .runs=${library.runs}
        .storage=${library.storage}
        .activeRunId=${run.activeRunId}
        ?busy=${run.running}
        @run-resume=${(e: On<'run-resume'>) => void run.resume(e.detail.id)}
        @run-rename=${(e: On<'run-rename'>) => void library.rename(e.detail.id, e.detail.name)}
        @run-delete=${(e: On<'run-delete'>) => void library.delete(e.detail.id)}
        @run-export=${(e: On<'run-export'>) => void library.export(e.detail.id)}
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
