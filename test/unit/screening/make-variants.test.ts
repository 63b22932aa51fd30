import { describe, expect, it } from 'vitest';
import { generateVariants } from '../../../scripts/screening/make-variants.js';
import { createRng } from '../../../scripts/screening/prng.js';
import { typoVariant } from '../../../scripts/screening/typos.js';
import type { CorpusLine } from '../../../scripts/screening/corpus-lines.js';

const line = (id: string, text: string, expect: CorpusLine['expect'] = 'alert'): CorpusLine => ({
  id,
  lang: 'en',
  category: 'plan_means_timing',
  expect,
  text,
});

describe('typo variants', () => {
  it.each(['the dog ate my sock lol', "i'm at the end of my rope", 'ok will do', 'miss you dad 💔', 'tengo miedo, ¿qué hago?'])(
    'GIVEN "%s" WHEN varied under many seeds THEN it never throws and always changes the text',
    (text) => {
      for (let seed = 0; seed < 200; seed++) {
        expect(typoVariant(text, 'es', 'alert', createRng(seed))).not.toBe(text);
      }
    },
  );

  it('GIVEN a risk line WHEN an emoji is added THEN it is never a laughing one', () => {
    for (let seed = 0; seed < 300; seed++) {
      expect(typoVariant('he is outside the door right now', 'en', 'alert', createRng(seed))).not.toMatch(/😂|🤣|😅|🙂|👍/u);
    }
  });
});

describe('generateVariants', () => {
  const hand = Array.from({ length: 30 }, (_, i) => line(`en-plan_means_timing-${String(i + 1).padStart(4, '0')}`, `i have the stuff number ${i} ready for later tonight`));

  it('GIVEN 30 hand-written lines WHEN variants are made twice THEN the same 10 lines come out, each naming a real source', () => {
    const a = generateVariants({ en: hand, es: [] }).get('en/plan_means_timing') ?? [];
    const b = generateVariants({ en: hand, es: [] }).get('en/plan_means_timing') ?? [];
    expect(a).toEqual(b);
    expect(a).toHaveLength(10);
    const ids = new Set(hand.map((l) => l.id));
    for (const v of a.filter((l) => l.generated === 'typo')) expect(ids.has(v.source ?? '')).toBe(true);
  });

  it('GIVEN Spanish lines are added WHEN variants are made THEN the English variants do not change', () => {
    const es: CorpusLine[] = [{ id: 'es-plan_means_timing-0001', lang: 'es', category: 'plan_means_timing', expect: 'alert', text: 'lo tengo todo listo para esta noche' }];
    const before = generateVariants({ en: hand, es: [] }).get('en/plan_means_timing');
    const after = generateVariants({ en: hand, es }).get('en/plan_means_timing');
    expect(after).toEqual(before);
  });
});
