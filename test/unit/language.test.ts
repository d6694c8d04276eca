import { expect } from 'chai';
import { useUsableLanguage } from '../../src/app/elements/language.js';

describe('useUsableLanguage', () => {
  afterEach(() => delete (navigator as { language?: string }).language);

  it('replaces the "C" that WebKitGTK reports under LANG=C with a tag Intl takes', () => {
    Object.defineProperty(navigator, 'language', { value: 'C', configurable: true });
    expect(() => new Intl.NumberFormat(navigator.language)).to.throw(RangeError);
    useUsableLanguage();
    expect(navigator.language).to.equal(new Intl.NumberFormat().resolvedOptions().locale);
    expect(new Intl.NumberFormat(navigator.language).format(60000)).to.be.a('string');
  });

  it('leaves a language Intl takes as it is', () => {
    const before = navigator.language;
    useUsableLanguage();
    expect(navigator.language).to.equal(before);
    expect(Object.getOwnPropertyDescriptor(navigator, 'language')).to.equal(undefined);
  });
});
