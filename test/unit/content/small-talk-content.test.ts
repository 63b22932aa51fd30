import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/load-content.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function load(files: Record<string, string>) {
  const t = tempContentDir(files);
  cleanups.push(t.cleanup);
  return { load: () => loadContent({ dirs: [PROMPTS_DIR, t.dir] }), dir: t.dir };
}

describe('small talk content (prompts/smalltalk)', () => {
  it('GIVEN the project content THEN every feeling the issue names has an answer in English and Spanish', () => {
    const c = loadContent({ dirs: [PROMPTS_DIR] });
    const want = ['hello', 'thanks', 'goodbye', ...['sad', 'lonely', 'scared', 'anxious', 'angry', 'numb', 'happy', 'grateful', 'confused'].map((f) => `feeling-${f}`)];
    for (const locale of ['en', 'es']) expect(c.smallTalk(locale).map((e) => e.id)).toEqual(expect.arrayContaining(want));
  });

  it('GIVEN a clinic override WHEN it rewords an answer by id THEN the new words replace the old', () => {
    const { load: l } = load({ 'smalltalk/en.yaml': '- { id: thanks, kind: social, phrases: [thanks], replies: ["Any time."] }\n' });
    expect(l().smallTalk('en').find((e) => e.id === 'thanks')!.replies).toEqual(['Any time.']);
  });

  it('GIVEN an entry offering an exercise that does not exist WHEN loaded THEN start-up fails naming the file and the entry', () => {
    const { load: l, dir } = load({ 'smalltalk/en.yaml': '- { id: tired, kind: feeling, phrases: [tired], replies: ["Rest is allowed."], offer: exercise, exercise: nap }\n' });
    expect(l).toThrow(`${dir}/smalltalk/en.yaml: tired: offers unknown exercise "nap"`);
  });

  it('GIVEN a phrase used by two entries in one language WHEN loaded THEN start-up fails naming it', () => {
    const { load: l } = load({ 'smalltalk/en.yaml': '- { id: weary, kind: feeling, phrases: ["So sad!"], replies: ["Okay."] }\n' });
    expect(l).toThrow(/phrase "so sad" is also used by/);
  });

  it('GIVEN an entry without replies or with an unknown offer WHEN loaded THEN start-up fails with the reason', () => {
    expect(load({ 'smalltalk/en.yaml': '- { id: meh, kind: feeling, phrases: [meh], replies: [] }\n' }).load).toThrow(/small talk needs at least one reply/);
    expect(load({ 'smalltalk/en.yaml': '- { id: meh, kind: feeling, phrases: [meh], replies: [ok], offer: hug }\n' }).load).toThrow(/offer/);
  });

  it('GIVEN a Spanish entry with no English one WHEN loaded THEN start-up fails (English is the fallback)', () => {
    expect(load({ 'smalltalk/es.yaml': '- { id: cansado, kind: feeling, phrases: [cansado], replies: [Descansa.] }\n' }).load).toThrow(/no English small talk with this id/);
  });
});
