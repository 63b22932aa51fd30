import type { Expect, Lang } from './corpus-lines.js';
import { pick, shuffled, type Rng } from './prng.js';

// The slips people make typing fast on a phone. Letter edits touch one word of
// four letters or more and never its first letter, so the word stays readable,
// as it does when a person mistypes it.

interface TypoOp {
  name: string;
  applies(text: string, lang: Lang): boolean;
  apply(text: string, rng: Rng, expect: Expect): string;
}

const WORD = /\p{L}{4,}/gu;

function editWord(text: string, rng: Rng, edit: (chars: string[], rng: Rng) => string[]): string {
  const words = [...text.matchAll(WORD)];
  const m = pick(rng, words);
  const at = m.index ?? 0;
  const edited = edit(Array.from(m[0]), rng).join('');
  return text.slice(0, at) + edited + text.slice(at + m[0].length);
}

/** Code-point offsets where two different letters inside a long word can trade places. */
function swapSites(text: string): { at: number }[] {
  const sites: { at: number }[] = [];
  const chars = Array.from(text);
  let runStart = 0;
  for (let i = 0; i <= chars.length; i++) {
    if (i < chars.length && /\p{L}/u.test(chars[i] as string)) continue;
    if (i - runStart >= 4) {
      for (let k = runStart + 1; k < i - 1; k++) if (chars[k] !== chars[k + 1]) sites.push({ at: k });
    }
    runStart = i + 1;
  }
  return sites;
}

const hasLongWord = (t: string): boolean => /\p{L}{4,}/u.test(t);
const position = (rng: Rng, len: number): number => 1 + Math.floor(rng() * (len - 1));

// Calm emoji only on risk lines: a laughing face would turn a crisis message
// into something that reads as a joke, which is a different label.
const EMOJI_RISK = ['😔', '😞', '💔', '😶', '🥀', '😢'];
const EMOJI_CALM = ['🙂', '😅', '👍', '🙏', '✨', '😌'];

const ACCENTED: Record<string, string> = { á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u', ñ: 'n', ü: 'u' };

const OPS: TypoOp[] = [
  {
    name: 'drop',
    applies: hasLongWord,
    apply: (t, rng) =>
      editWord(t, rng, (c, r) => {
        const i = position(r, c.length);
        return c.filter((_, k) => k !== i);
      }),
  },
  {
    name: 'double',
    applies: hasLongWord,
    apply: (t, rng) =>
      editWord(t, rng, (c, r) => {
        const i = position(r, c.length);
        return [...c.slice(0, i + 1), c[i] as string, ...c.slice(i + 1)];
      }),
  },
  {
    // Only pairs of different letters: swapping "ll" in "will" would change nothing.
    name: 'swap',
    applies: (t) => swapSites(t).length > 0,
    apply: (t, rng) => {
      const { at } = pick(rng, swapSites(t));
      const c = Array.from(t);
      [c[at], c[at + 1]] = [c[at + 1] as string, c[at] as string];
      return c.join('');
    },
  },
  { name: 'apostrophe', applies: (t) => /['’]/.test(t), apply: (t) => t.replace(/['’]/g, '') },
  { name: 'lowercase', applies: (t) => /\p{Lu}/u.test(t), apply: (t) => t.toLowerCase() },
  {
    name: 'punctuation',
    applies: (t) => /[.,!?;:¿¡]/.test(t),
    apply: (t) => t.replace(/[.,!?;:¿¡]+/g, ' ').replace(/\s+/g, ' ').trim(),
  },
  {
    name: 'emoji',
    applies: (t) => !/\p{Extended_Pictographic}/u.test(t),
    apply: (t, rng, expect) => `${t} ${pick(rng, expect === 'none' ? EMOJI_CALM : EMOJI_RISK)}`,
  },
  {
    name: 'accents',
    applies: (t, lang) => lang === 'es' && /[áéíóúñü]/.test(t),
    apply: (t) => t.replace(/[áéíóúñü]/g, (ch) => ACCENTED[ch] ?? ch),
  },
];

/** One or two slips, chosen among those that change this text. */
export function typoVariant(text: string, lang: Lang, expect: Expect, rng: Rng): string {
  const order = shuffled(rng, OPS);
  const count = rng() < 0.35 ? 2 : 1;
  let out = text;
  let done = 0;
  // Applicability is checked on the text as it is now: a first slip can remove
  // what a second one needed (the only long word, the only apostrophe). A
  // doubled letter and a dropped one can cancel out, so keep going until the
  // text has really changed.
  for (const op of order) {
    if (done >= count && out !== text) break;
    if (!op.applies(out, lang)) continue;
    out = op.apply(out, rng, expect);
    done++;
  }
  return out;
}
