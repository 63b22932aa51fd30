import { describe, expect, it } from 'vitest';
import { shippedScreener } from './helpers.js';
import { combinedScreener } from './model-helpers.js';

// Answers the bot asked for (a questionnaire option, a check-in score) are
// screened by the lexicon floor only: the model is trained on free messages.
describe('the combined screener on an answer the bot asked for', () => {
  it('GIVEN implied risk the model pages WHEN marked as an answer THEN the model does not read it and the lexicon decides', () => {
    const text = 'nobody would even notice if I was gone';
    expect(combinedScreener().screen(text).decision).toBe('alert');
    const r = combinedScreener().screen(text, { recent: [], lexiconOnly: true });
    expect(r.model).toBeNull();
    expect(r.decision).toBe(shippedScreener().screen(text).decision);
  });

  it('GIVEN an imminent rule hit WHEN marked as an answer THEN it still pages at imminent', () => {
    const r = combinedScreener().screen('i want to kill myself tonight', { recent: [], lexiconOnly: true });
    expect(r).toMatchObject({ decision: 'alert', severity: 'imminent' });
  });
});
