// The Evaluate view: a saved model scored on MNIST's 10,000 test images, its confusion
// matrix and the digits behind each cell.
import { html } from 'lit';
import type { AppParts, On } from './app-parts.js';

export function evaluateView({ library, run, evaluation }: AppParts) {
  return html`
    <section aria-labelledby="evaluation-heading">
      <h2 id="evaluation-heading" tabindex="-1">Where the model fails</h2>
      <test-evaluation
        .runs=${library.runs}
        ?sessionModel=${run.run?.result !== undefined}
        ?busy=${run.running}
        .progress=${evaluation.progress}
        .report=${evaluation.report}
        .error=${evaluation.error}
        .wrong=${evaluation.wrong}
        .cell=${evaluation.cell}
        @evaluate-request=${(e: On<'evaluate-request'>) => void evaluation.evaluate(e.detail.runId)}
        @cell-pick=${(e: On<'cell-pick'>) => void evaluation.showCell(e.detail.label, e.detail.called)}
      ></test-evaluation>
    </section>
  `;
}
