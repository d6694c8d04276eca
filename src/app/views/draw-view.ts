// The Draw view: what to do first when there is no model, the pad and its prediction, a
// photo's digits read, and the personal set the drawings go into.
import { html } from 'lit';
import { hasModel } from '../../shared/runs.js';
import type { AppParts, On } from './app-parts.js';

export function drawView(app: AppParts) {
  const { drawing, personal, library, run, photo } = app;
  const prediction = drawing.prediction;
  const firstSteps = library.listed && !library.runs.some(hasModel);
  return html`
    <section aria-labelledby="draw-heading" class="draw">
      <h2 id="draw-heading" tabindex="-1">Draw a digit</h2>
      <div class="draw-grid">
        <model-picker
          .runs=${library.runs}
          .value=${drawing.picked}
          @model-pick=${(e: On<'model-pick'>) => void drawing.pick(e.detail.runId)}
        ></model-picker>
        <div class="pad-area">
          <draw-pad @ink=${(e: On<'ink'>) => drawing.ink(e.detail)}></draw-pad>
          ${
            // Over the pad, where it moves nothing when the list arrives after the first paint.
            firstSteps ? html`<first-steps ?training=${run.running}></first-steps>` : ''
          }
        </div>
        <digit-prediction .result=${prediction} @want-train=${() => app.views.go('train')}></digit-prediction>
      </div>
      ${drawing.error ? html`<p class="error" role="alert">${drawing.error}</p>` : ''}
    </section>
    <section aria-labelledby="photo-heading">
      <h2 id="photo-heading">Digits in a photo</h2>
      <photo-reader
        .result=${photo.read}
        ?reading=${photo.reading}
        .message=${photo.message}
        @photo-pick=${(e: On<'photo-pick'>) => void photo.readPhoto(e.detail.file)}
      ></photo-reader>
    </section>
    <section aria-labelledby="personal-heading">
      <h2 id="personal-heading">Teach it your handwriting</h2>
      <personal-set
        .digits=${personal.digits}
        ?canLabel=${prediction?.kind === 'prediction' && (prediction.digits?.length ?? 1) === 1}
        .modelName=${prediction?.kind === 'prediction' ? prediction.model.name : ''}
        ?busy=${run.running}
        .progress=${personal.progress}
        .result=${personal.result}
        .imported=${personal.imported}
        ?importing=${personal.importing}
        .error=${personal.error}
        @personal-add=${(e: On<'personal-add'>) => void labelDrawing(app, e.detail.label)}
        @personal-delete=${(e: On<'personal-delete'>) => void personal.delete(e.detail.id)}
        @personal-export=${() => void personal.download()}
        @personal-import=${(e: On<'personal-import'>) => void personal.importFile(e.detail.file)}
        @personal-fine-tune=${() => void fineTune(app)}
      ></personal-set>
    </section>
  `;
}

/** The last drawing, as the model received it, into the personal set. */
async function labelDrawing({ drawing, personal }: AppParts, label: number) {
  const prediction = drawing.prediction;
  if (prediction?.kind === 'prediction') await personal.add(label, prediction.input);
}

/** Fine-tunes the model that predicts the drawings; the result is a new saved run. */
async function fineTune({ drawing, personal, library }: AppParts) {
  const prediction = drawing.prediction;
  if (prediction?.kind !== 'prediction') return;
  if (await personal.fineTune(prediction.model.runId)) await library.refresh();
}
