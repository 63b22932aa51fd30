import { describe, expect, it } from 'vitest';
import { shippedScreener } from './helpers.js';

// Text from a platform can carry lone UTF-16 surrogates (a string cut in the
// middle of an emoji, a client bug, or on purpose). A crisis phrase must be
// screened the same with one inside a word.
describe('screening text with invalid UTF-16', () => {
  const screener = shippedScreener();
  for (const text of ['i want to ki\uD800ll myself', 'i want to kill mys\uDC00elf tonight', 'quiero m\uD800atarme', 'i want to d\uDBFFie']) {
    it(`GIVEN ${JSON.stringify(text)} WHEN screened THEN it alerts just as the phrase without the surrogate does`, () => {
      const clean = screener.screen(text.replace(/[\uD800-\uDFFF]/g, ''));
      const dirty = screener.screen(text);
      expect(clean.alert).toBe(true);
      expect(dirty.severity).toBe(clean.severity);
      expect(dirty.category).toBe(clean.category);
    });
  }
});
