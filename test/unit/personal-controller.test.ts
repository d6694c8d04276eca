import { expect } from 'chai';
import { PersonalController } from '../../src/app/controllers/personal-controller.js';
import type { TrainerClient } from '../../src/app/workers/trainer-client.js';
import type { PersonalDigit, PersonalImport } from '../../src/protocol/personal-digits.js';

const digit = (id: string): PersonalDigit => ({ id, label: 1, pixels: new Uint8Array(784), createdAt: 0 });

/** A trainer whose import answers `answer` and whose set then holds `after`. */
function trainer(answer: () => Promise<PersonalImport>, after: PersonalDigit[]): TrainerClient {
  return {
    personal: { importFile: answer, list: () => Promise.resolve(after) },
  } as unknown as TrainerClient;
}

const host = { addController() {}, removeController() {}, requestUpdate() {}, updateComplete: Promise.resolve(true) };

describe('PersonalController', () => {
  it("shows an import's counts and the set as it now is", async () => {
    const controller = new PersonalController(
      host,
      trainer(() => Promise.resolve({ added: 2, skipped: 1 }), [digit('a'), digit('b')]),
    );
    await controller.importFile(new File(['{}'], 'my-digits.json'));
    expect(controller.imported).to.deep.equal({ added: 2, skipped: 1 });
    expect(controller.digits.map((d) => d.id)).to.deep.equal(['a', 'b']);
    expect(controller.error).to.equal('');
    expect(controller.importing).to.equal(false);
  });

  it('says nothing was imported, and why, when the worker refuses the file', async () => {
    const refusal = '"my-digits.json": digit 13 of 40 has 783 pixels; a digit is 28x28 = 784 grey levels.';
    const controller = new PersonalController(
      host,
      trainer(() => Promise.reject(new Error(refusal)), []),
    );
    controller.imported = { added: 1, skipped: 0 }; // an earlier import's message goes
    await controller.importFile(new File(['{}'], 'my-digits.json'));
    expect(controller.error).to.equal(`Nothing was imported: ${refusal}`);
    expect(controller.imported).to.equal(null);
    expect(controller.importing).to.equal(false);
  });
});
