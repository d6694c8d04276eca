import { expect } from 'chai';
import '../../src/app/elements/models/model-library.js';
import type { RunSummary } from '../../src/protocol/runs.js';

const run = (id: string, overrides: Partial<RunSummary>): RunSummary => ({
  id,
  name: `Run ${id}`,
  createdAt: 0,
  updatedAt: Date.UTC(2026, 10, 24),
  epoch: 2,
  epochs: 10,
  status: 'stopped',
  bestEpoch: 2,
  bestValAccuracy: 0.9812,
  sizeBytes: 3_746_232,
  ...overrides,
});

describe('<model-library>', () => {
  afterEach(() => document.querySelectorAll('model-library').forEach((element) => element.remove()));

  async function mount(runs: RunSummary[], props: { canShare?: boolean } = {}) {
    const library = document.createElement('model-library');
    library.runs = runs;
    Object.assign(library, props);
    library.storage = { usage: 60e6, quota: 1e9, persistence: 'not granted' };
    document.body.append(library);
    await library.updateComplete;
    return library;
  }

  const button = (root: ShadowRoot, label: string) =>
    [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === label);

  it('lists each run with epochs, best accuracy, size and state, and the storage', async () => {
    const library = await mount([run('a', {}), run('b', { status: 'completed', epoch: 10 })]);
    const rows = [...library.shadowRoot!.querySelectorAll('tbody tr')].map((row) =>
      row.textContent.replace(/\s+/g, ' '),
    );
    expect(rows[0]).to.match(/Run a .* 2 of 10 98\.12% 3\.7 MB stopped/);
    expect(rows[1]).to.match(/Run b .* 10 of 10 98\.12% 3\.7 MB complete/);
    expect(library.shadowRoot!.querySelector('.storage')!.textContent).to.match(
      /60\.0 MB used, 940\.0 MB\s+available\. Persistent storage: not granted/,
    );
  });

  it('offers Resume only for runs cut short', async () => {
    const library = await mount([run('a', {}), run('b', { status: 'completed', epoch: 10 })]);
    expect(button(library.shadowRoot!, 'Resume Run a')).to.exist;
    expect(button(library.shadowRoot!, 'Resume Run b')).to.equal(undefined);
  });

  it('renames through a form and deletes, by events', async () => {
    const library = await mount([run('a', {})]);
    const events: [string, unknown][] = [];
    for (const type of ['run-rename', 'run-delete']) {
      library.addEventListener(type, (event) => events.push([type, (event as CustomEvent).detail]));
    }
    button(library.shadowRoot!, 'Rename Run a')!.click();
    await library.updateComplete;
    const input = library.shadowRoot!.querySelector<HTMLInputElement>('input[name=name]')!;
    input.value = 'Thin strokes';
    library.shadowRoot!.querySelector('form')!.requestSubmit();
    button(library.shadowRoot!, 'Delete Run a')!.click();
    expect(events).to.deep.equal([
      ['run-rename', { id: 'a', name: 'Thin strokes' }],
      ['run-delete', { id: 'a' }],
    ]);
  });

  it('keeps the rename form open with a message for a blank name, and sends nothing', async () => {
    const library = await mount([run('a', {})]);
    const renames: unknown[] = [];
    library.addEventListener('run-rename', (event) => renames.push((event as CustomEvent).detail));
    button(library.shadowRoot!, 'Rename Run a')!.click();
    await library.updateComplete;
    const input = library.shadowRoot!.querySelector<HTMLInputElement>('input[name=name]')!;
    input.value = '   ';
    library.shadowRoot!.querySelector('form')!.requestSubmit();
    await library.updateComplete;
    await library.updateComplete;
    expect(renames).to.deep.equal([]);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    expect(library.shadowRoot!.getElementById(input.getAttribute('aria-describedby')!)?.textContent).to.equal(
      'A name needs 1 to 80 characters (got 0).',
    );
    expect(library.shadowRoot!.activeElement).to.equal(input);
    expect(input.maxLength, 'no more than 80 can be typed').to.equal(80);
    input.value = ' Thin strokes ';
    library.shadowRoot!.querySelector('form')!.requestSubmit();
    expect(renames).to.deep.equal([{ id: 'a', name: ' Thin strokes ' }]);
  });

  it('exports runs with a model (trained or imported), and shows an import as such, with a Resume', async () => {
    const library = await mount([
      run('a', {}),
      run('b', { epoch: 0 }),
      run('c', { status: 'imported', epoch: 0, epochs: 0, bestValAccuracy: null }),
    ]);
    const exports: unknown[] = [];
    library.addEventListener('run-export', (event) => exports.push((event as CustomEvent).detail));
    expect(button(library.shadowRoot!, 'Export Run b'), 'no epoch yet: nothing to export').to.equal(undefined);
    button(library.shadowRoot!, 'Export Run a')!.click();
    button(library.shadowRoot!, 'Export Run c')!.click();
    expect(exports).to.deep.equal([{ id: 'a' }, { id: 'c' }]);
    const imported = library.shadowRoot!.querySelectorAll('tbody tr')[2].textContent.replace(/\s+/g, ' ');
    expect(imported).to.match(/Run c .* – – 3\.7 MB imported/);
    // An import has no run to resume: its Resume trains it further (the page decides how).
    const resumed: unknown[] = [];
    library.addEventListener('run-resume', (event) => resumed.push((event as CustomEvent).detail));
    button(library.shadowRoot!, 'Resume Run c')!.click();
    expect(resumed).to.deep.equal([{ id: 'c' }]);
  });

  it('exports .h5 from runs with a model, and offers Share only where the browser can share the file', async () => {
    const runs = [run('a', {}), run('b', { epoch: 0 })];
    const events: [string, unknown][] = [];
    const listen = (library: HTMLElement) => {
      for (const type of ['run-export-h5', 'run-share']) {
        library.addEventListener(type, (event) => events.push([type, (event as CustomEvent).detail]));
      }
    };
    const cannot = await mount(runs);
    listen(cannot);
    expect(button(cannot.shadowRoot!, 'Export .h5 of Run b'), 'no epoch yet: nothing to export').to.equal(undefined);
    expect(button(cannot.shadowRoot!, 'Share Run a as .h5'), 'this browser cannot share it').to.equal(undefined);
    button(cannot.shadowRoot!, 'Export .h5 of Run a')!.click();
    cannot.remove();
    const can = await mount(runs, { canShare: true });
    listen(can);
    const share = button(can.shadowRoot!, 'Share Run a as .h5')!;
    expect(share.textContent.trim()).to.equal('Share');
    share.click();
    expect(button(can.shadowRoot!, 'Share Run b as .h5')).to.equal(undefined);
    expect(events).to.deep.equal([
      ['run-export-h5', { id: 'a' }],
      ['run-share', { id: 'a' }],
    ]);
  });

  it("names .h5 files after the notebook unless the run's name is chosen", async () => {
    const library = await mount([run('a', {})]);
    const choices: unknown[] = [];
    library.addEventListener('h5-naming', (event) => choices.push((event as CustomEvent).detail));
    const box = library.shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!;
    expect(box.labels?.[0]?.textContent).to.match(/Name \.h5 files after the model \(otherwise mnist_cnn_model\.h5/);
    expect(box.checked).to.equal(false);
    box.click();
    expect(choices).to.deep.equal([{ afterRun: true }]);
  });
});
