import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../fakes/harness.js';
import { shippedScreener } from './helpers.js';
import { combinedScreener } from './model-helpers.js';

const PAGING = ['imminent', 'high', 'moderate'];

describe('the model reads the last few messages together', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const casesOf = (userId: string) => {
    const person = h!.app.store.people.findByIdentity('console', userId);
    return person ? h!.app.store.cases.openForPerson(person.id) : [];
  };

  it('GIVEN "i can\'t do this anymore" WHEN "the pills are in the kitchen" follows THEN a paging case opens, though no rule fires on the second', async () => {
    expect(shippedScreener().screen('the pills are in the kitchen').alert).toBe(false);
    h = await createHarness({ env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await h.say('dee', "i can't do this anymore");
    await h.say('dee', 'the pills are in the kitchen');
    expect(casesOf('dee').some((c) => PAGING.includes(c.severity))).toBe(true);
  });

  it('GIVEN "i can\'t do this anymore" WHEN "tonight then, i\'m sure" follows THEN a paging case opens, though neither pages alone and no rule fires on the second', async () => {
    expect(shippedScreener().screen("tonight then, i'm sure").alert).toBe(false);
    expect(combinedScreener().screen("tonight then, i'm sure").decision).not.toBe('alert');
    expect(combinedScreener().screen("i can't do this anymore").decision).not.toBe('alert');
    h = await createHarness({ env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await h.say('ana', "i can't do this anymore");
    expect(casesOf('ana').every((c) => !PAGING.includes(c.severity))).toBe(true);
    await h.advance(5 * 60_000);
    await h.say('ana', "tonight then, i'm sure");
    expect(casesOf('ana').some((c) => PAGING.includes(c.severity))).toBe(true);
  });

  it('GIVEN the same two messages 31 minutes apart WHEN the second arrives THEN it is read alone and does not page', async () => {
    h = await createHarness({ env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await h.say('ben', "i can't do this anymore");
    await h.advance(31 * 60_000);
    await h.say('ben', "tonight then, i'm sure");
    expect(casesOf('ben').some((c) => PAGING.includes(c.severity))).toBe(false);
  });

  it('GIVEN "I felt like I was dying in there" WHEN "and then I was reborn" follows THEN nothing opens', async () => {
    h = await createHarness({ env: { AFTERGLOW_SCREENER_MODEL: 'page' } });
    await h.say('cai', 'I felt like I was dying in there');
    await h.say('cai', 'and then I was reborn');
    expect(casesOf('cai')).toEqual([]);
  });

  it('GIVEN a distressed message WHEN an ordinary one follows THEN the ordinary one raises nothing more', () => {
    const first = combinedScreener().screen("i can't do this anymore");
    const next = combinedScreener().screen('ok thanks', { recent: [], recentTexts: [{ text: "i can't do this anymore", decision: first.decision }] });
    expect(next.decision).toBe('none');
    expect(next.raisedByContext).toBe(false);
  });

  it('GIVEN the second message read with the first WHEN it raises THEN the result says context raised it', () => {
    const r = combinedScreener().screen("tonight then, i'm sure", { recent: [], recentTexts: [{ text: "i can't do this anymore", decision: 'review' }] });
    expect(r).toMatchObject({ decision: 'alert', basis: 'context', raisedByContext: true });
  });
});
