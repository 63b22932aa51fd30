import { describe, expect, it } from 'vitest';
import { explainWhy } from '../../../src/safety/screening/why.js';
import { shippedScreener } from './helpers.js';
import { combinedScreener } from './model-helpers.js';

// Real messages through the lexicon and the committed weights together.
describe('the combined screener on real messages', () => {
  it('GIVEN implied risk with no trigger word WHEN screened THEN the model pages where the lexicon saw nothing', () => {
    for (const text of ['nobody would even notice if I was gone', "i gave my guitar to my nephew, won't need it", "I've got enough saved up"]) {
      expect(shippedScreener().screen(text).alert, text).toBe(false);
      const r = combinedScreener().screen(text);
      expect(r.decision, text).toBe('alert');
      expect(r.basis, text).toBe('model');
      expect(explainWhy(r, { minimalData: false }), text).toMatch(/^model \w+ [01]\.\d\d$/);
    }
  });

  it('GIVEN figures of speech and everyday chat WHEN screened THEN nothing opens', () => {
    for (const text of ['this traffic is killing me', 'i could kill for a coffee', 'thanks, see you thursday', 'my friend told me she wants to kill herself']) {
      expect(combinedScreener().screen(text).decision, text).toBe('none');
    }
  });

  it('GIVEN an imminent rule hit WHEN the model reads it as safe THEN it still pages at imminent', () => {
    const text = "years ago I tried to kill myself, today I'm grateful to be alive";
    const r = combinedScreener().screen(text);
    expect(shippedScreener().screen(text).severity).toBe('imminent');
    expect(r.model!.danger).toBeLessThan(0.5);
    expect(r).toMatchObject({ decision: 'alert', severity: 'imminent', basis: 'rule' });
  });

  it('GIVEN Spanish with tonight in it WHEN screened THEN it pages', () => {
    expect(combinedScreener().screen('me quiero matar esta noche').decision).toBe('alert');
  });
});
