// Pure text normalisation for the crisis screener: turns whatever a person
// typed (markup, look-alike letters, leetspeak, stretched or spaced letters,
// emoji) into a flat list of canonical lower-case tokens the rules match on.
//
// Every step is a single left-to-right pass (or a fixed number of them) over
// the input, so the whole thing is linear in the text length. No regular
// expression here has a nested or overlapping quantifier.

/** Token that marks a sentence or line boundary; rules and gaps never cross it. */
export const BOUNDARY = '|';

export interface NormalizeOptions {
  /** Known words (from the lexicon): used to split glued words and to undo stretching. */
  vocabulary?: ReadonlySet<string>;
  /** Misspelling -> canonical token (from the lexicon). */
  spellings?: ReadonlyMap<string, string>;
}

export interface Normalized {
  /** Canonical tokens, with BOUNDARY between sentences. */
  tokens: string[];
}

// ---------------------------------------------------------------------------
// 1. Platform markup

// Slack: <!here>, <!subteam^S1|@x>, <https://x|label>, <https://x>, and, in
// text pasted into `afterglow screen`, <@U123> and <#C123|general> (the
// adapters turn those into @id and #id before the core sees them).
// `[^<>|]*` stops at the next bracket, so a long run of `<` stays linear.
const SLACK_ANGLE = /<([@#!]?)([^<>|\n]{0,2000})(?:\|([^<>\n]{0,2000}))?>/g;

function stripMarkup(text: string): string {
  let t = text.replace(SLACK_ANGLE, (_m, sigil: string, target: string, label: string | undefined) => {
    if (label !== undefined) return ` ${label} `;
    if (sigil === '@' || sigil === '#' || sigil === '!') return ' ';
    // a bare <url>: the address itself carries no risk language
    if (/^[a-z][a-z0-9+.-]{0,20}:/i.test(target)) return ' ';
    return ` ${target} `;
  });
  // Markdown-style emphasis and code markers, Discord spoilers, strike-through:
  // drop the markers, keep the words inside (people hide things in spoilers).
  t = t.replace(/[`|~]/g, ' ');
  // Block quotes: a leading `>` (Slack also escapes it as &gt;).
  t = t.replace(/&gt;/g, ' ').replace(/&lt;/g, ' ').replace(/&amp;/g, ' and ');
  t = t.replace(/^[ \t]*>+/gm, ' ');
  return t;
}

// ---------------------------------------------------------------------------
// 2. Characters

// Look-alike letters from other scripts (lower case; the text is lower-cased first).
const CONFUSABLES_OBJ: Record<string, string> = {
  // Cyrillic
  'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p', 'с': 'c',
  'т': 't', 'у': 'y', 'х': 'x', 'ѕ': 's', 'і': 'i', 'ї': 'i', 'ј': 'j', 'ԁ': 'd', 'ɡ': 'g', 'һ': 'h',
  'ԛ': 'q', 'ԝ': 'w', 'ь': 'b', 'п': 'n', 'л': 'l', 'и': 'u', 'г': 'r', 'д': 'd', 'з': '3',
  // Greek
  'α': 'a', 'β': 'b', 'γ': 'y', 'δ': 'd', 'ε': 'e', 'ζ': 'z', 'η': 'n', 'ι': 'i', 'κ': 'k', 'λ': 'l',
  'μ': 'u', 'ν': 'v', 'ο': 'o', 'π': 'n', 'ρ': 'p', 'σ': 'o', 'ς': 's', 'τ': 't', 'υ': 'u', 'φ': 'f',
  'χ': 'x', 'ω': 'w', 'θ': 'o',
  // Latin extensions and IPA that NFKD leaves alone
  'ı': 'i', 'ł': 'l', 'ø': 'o', 'đ': 'd', 'ħ': 'h', 'ŀ': 'l', 'ɑ': 'a', 'ɩ': 'i', 'ʟ': 'l', 'ᴋ': 'k',
  'ɪ': 'i', 'ꜱ': 's', 'ᴅ': 'd', 'ᴇ': 'e', 'ᴍ': 'm', 'ʏ': 'y', 'ᴏ': 'o', 'ᴜ': 'u', 'ᴛ': 't', 'ʜ': 'h',
  'ß': 'ss', 'æ': 'ae', 'œ': 'oe',
};

// Emoji that carry meaning become words the rules can see. 💀 and crying-
// laughing faces become laughter markers: "i'm dead 💀" is a joke far more
// often than not, and rules decide what laughter may lower.
const EMOJI_OBJ: Record<string, string> = {
  '💊': 'emojipill', '🔪': 'emojiknife', '🗡': 'emojiknife', '🔫': 'emojigun', '⚰': 'emojicoffin',
  '🪦': 'emojicoffin', '⚱': 'emojicoffin', '🪢': 'emojirope', '🩸': 'emojiblood', '🩹': 'emojibandage',
  '💉': 'emojisyringe', '🌉': 'emojibridge', '🚆': 'emojitrain', '🚄': 'emojitrain', '🚂': 'emojitrain',
  '💀': 'emojilaugh', '☠': 'emojilaugh', '😂': 'emojilaugh', '🤣': 'emojilaugh', '😹': 'emojilaugh',
  '👋': 'emojiwave', '💔': 'emojibrokenheart', '🙃': 'emojiupsidedown', '🔥': 'emojifire',
};

const LEET_SYMBOL_OBJ: Record<string, string> = { '@': 'a', '$': 's', '!': 'i', '+': 't', '€': 'e', '£': 'l' };
const LEET_DIGIT_OBJ: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g' };

const LEET_DIGIT = new Map(Object.entries(LEET_DIGIT_OBJ));

function isLetter(c: string | undefined): boolean {
  return c !== undefined && c >= 'a' && c <= 'z';
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

const SENTENCE_END = ['.', '!', '?', ';', '\n', '\r', '…', '。'];
const APOSTROPHES = ["'", '’', '‘', 'ʼ', '`', '´'];
/** Separators that keep spaced-out letters together ("k i l l", "k-i-l-l"). */
const TIGHT_SEPARATORS = [' ', '.', '-', '_', '*', '·', '•', ','];

/** What the character pass does with a character other than an ASCII letter or digit. */
interface CharRule {
  /** A look-alike: always this letter (or letters: ß -> ss); '' if none. */
  letter: string;
  /** A meaningful emoji: this word, as a token of its own; '' if none. */
  emoji: string;
  /** A leet symbol: this letter when glued to letters; '' if none. */
  leet: string;
  flags: number;
}
const APOSTROPHE_CHAR = 1;
const SENTENCE_END_CHAR = 2;
const TIGHT_CHAR = 4;

// All the tables above merged into one, keyed by code point: the character
// loop looks a character up once, and by number, so it never has to make a
// string of each character.
const PLAIN_SEPARATOR: CharRule = { letter: '', emoji: '', leet: '', flags: 0 };
const CHAR_RULES = new Map<number, CharRule>();
function ruleFor(ch: string): CharRule {
  const code = ch.codePointAt(0)!;
  if (String.fromCodePoint(code) !== ch) throw new Error(`normalize: "${ch}" is not one code point`);
  let rule = CHAR_RULES.get(code);
  if (rule === undefined) {
    rule = { ...PLAIN_SEPARATOR };
    CHAR_RULES.set(code, rule);
  }
  return rule;
}
for (const [ch, to] of Object.entries(CONFUSABLES_OBJ)) ruleFor(ch).letter = to;
for (const [ch, to] of Object.entries(EMOJI_OBJ)) ruleFor(ch).emoji = to;
for (const [ch, to] of Object.entries(LEET_SYMBOL_OBJ)) ruleFor(ch).leet = to;
for (const ch of APOSTROPHES) ruleFor(ch).flags |= APOSTROPHE_CHAR;
for (const ch of SENTENCE_END) ruleFor(ch).flags |= SENTENCE_END_CHAR;
for (const ch of TIGHT_SEPARATORS) ruleFor(ch).flags |= TIGHT_CHAR;
const ASCII_RULES: readonly CharRule[] = Array.from({ length: 128 }, (_, code) => CHAR_RULES.get(code) ?? PLAIN_SEPARATOR);
const charRule = (code: number): CharRule => (code < 128 ? ASCII_RULES[code]! : CHAR_RULES.get(code) ?? PLAIN_SEPARATOR);

/**
 * Raw tokens of the message being normalised, as two parallel arrays rather
 * than an object per token, and reused from one call to the next (normalize
 * is synchronous): a long message has tens of thousands of tokens, and
 * growing fresh arrays for them was most of the garbage it made. Only the
 * first `count` entries (tokenizeChars' result) belong to the current call.
 */
const rawText: string[] = [];
/** True when the separator before the token was a single space, dot, dash or similar (for spaced letters). */
const rawTight: boolean[] = [];

const isLetterCode = (c: number) => c >= 97 && c <= 122;
const isDigitCode = (c: number) => c >= 48 && c <= 57;

// Kind of the last character of the token being built (the leet and number rules look at it).
const NONE = 0;
const LETTER = 1;
const DIGIT = 2;
const OTHER = 3;

/**
 * Character pass: NFKD + lower case, strip combining marks and invisible
 * characters, map look-alikes and meaningful emoji, and cut into raw tokens
 * (rawText and rawTight); returns how many.
 */
function tokenizeChars(text: string): number {
  // NFKD maps full-width and circled letters to plain ones; ASCII needs none of it
  const s = (/^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKD')).toLowerCase();
  let count = 0;
  const push = (tok: string, tight: boolean) => {
    rawText[count] = tok;
    rawTight[count] = tight;
    count++;
  };
  // The token being built. While it is an unchanged run of `s` (a plain word,
  // the common case) it is only the range [curStart, curEnd), sliced out once
  // when the token ends: appending character by character would allocate a
  // string per character. Once a character is mapped (look-alike, leet) or the
  // run is interrupted (a zero-width space inside the word) it is built in curText.
  let curLen = 0;
  let curStart = 0;
  let curEnd = 0;
  let curText: string | null = null;
  let curLast = NONE;
  let curTight = false;
  let sepLen = 0; // characters of separator since the last token
  let sepTight = true; // the separator so far is one "spacing" character
  let sawBoundary = false;

  const flush = () => {
    if (curLen > 0) {
      push(curText ?? s.slice(curStart, curEnd), curTight);
      curLen = 0;
      curText = null;
      curLast = NONE;
    }
  };
  const startToken = () => {
    curTight = count > 0 && !sawBoundary && sepLen === 1 && sepTight;
    sepLen = 0;
    sepTight = true;
    sawBoundary = false;
  };
  /** Append s[i] as it stands (a letter or digit; `/` or `.` inside a number). */
  const appendOwn = (i: number, kind: number) => {
    if (curLen === 0) {
      startToken();
      curStart = i;
      curEnd = i + 1;
    } else if (curText === null && curEnd === i) curEnd = i + 1;
    else curText = (curText ?? s.slice(curStart, curEnd)) + s[i]!;
    curLen++;
    curLast = kind;
  };
  /** Append a letter that stands for another character of the text (look-alike, leet). */
  const appendMapped = (ch: string) => {
    if (curLen === 0) {
      startToken();
      curText = ch;
    } else curText = (curText ?? s.slice(curStart, curEnd)) + ch;
    curLen += ch.length;
    curLast = isLetter(ch) ? LETTER : isDigit(ch) ? DIGIT : OTHER;
  };
  const boundary = () => {
    flush();
    if (count > 0 && rawText[count - 1] !== BOUNDARY) push(BOUNDARY, false);
    sawBoundary = true;
    sepLen = 0;
  };

  // Iterate by code point (surrogate pairs kept together).
  const n = s.length;
  for (let i = 0; i < n; i++) {
    let code = s.charCodeAt(i);
    // plain letters and digits first: most characters of most messages
    if (isLetterCode(code)) {
      appendOwn(i, LETTER);
      continue;
    }
    if (isDigitCode(code)) {
      appendOwn(i, DIGIT);
      continue;
    }
    // only a real pair: a lone high surrogate must never swallow the letter after it
    const low = i + 1 < n ? s.charCodeAt(i + 1) : 0;
    if (code >= 0xd800 && code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
      code = s.codePointAt(i)!;
      i++;
    }
    // invisible: zero-width, joiners, soft hyphen, variation selectors, BOM, tags
    if (
      (code >= 0x200b && code <= 0x200f) || (code >= 0x2060 && code <= 0x2064) || code === 0xfeff ||
      code === 0xad || (code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0000 && code <= 0xe007f) ||
      code === 0x034f || code === 0x180e
    ) continue;
    // combining marks (accents, zalgo) and skin-tone modifiers
    if ((code >= 0x0300 && code <= 0x036f) || (code >= 0x1ab0 && code <= 0x1aff) || (code >= 0x1dc0 && code <= 0x1dff) ||
      (code >= 0x20d0 && code <= 0x20ff) || (code >= 0x1f3fb && code <= 0x1f3ff)) continue;
    const rule = charRule(code);
    if (rule.letter !== '') {
      appendMapped(rule.letter);
      continue;
    }
    if (rule.emoji !== '') {
      flush();
      push(rule.emoji, false);
      sepLen = 2; // an emoji is never part of a spaced-out word
      sepTight = false;
      continue;
    }
    // `next` is the following UTF-16 unit as typed (NaN past the end)
    const next = s.charCodeAt(i + 1);
    if (rule.leet !== '') {
      const nextIsLetter = isLetterCode(next) || (next >= 128 && charRule(next).letter !== '');
      // `$uicide`, `k!ll`, `@ss`: a symbol glued to letters is a letter;
      // a sentence-ending `!` or a `$` after digits is not.
      if ((code === 0x21 /* ! */ ? curLast === LETTER && nextIsLetter : nextIsLetter || (curLast === LETTER && code !== 0x2b /* + */))) {
        appendMapped(rule.leet);
        continue;
      }
    }
    if (rule.flags & APOSTROPHE_CHAR) {
      // don't -> don + t, handled by the contraction step like "don t" (data that lost its apostrophes)
      flush();
      sepLen = 2;
      sepTight = false;
      continue;
    }
    if (code === 0x2f /* / */ && curLast === DIGIT && isDigitCode(next)) {
      // blood pressure "190/120" stays one token
      appendOwn(i, OTHER);
      continue;
    }
    if (rule.flags & SENTENCE_END_CHAR) {
      // a dot between single letters (k.i.l.l) or inside a number (2.5) is not a sentence end
      if (code === 0x2e /* . */ && curLen > 0 && (isLetterCode(next) || isDigitCode(next)) &&
        (curLen === 1 || (curLast === DIGIT && isDigitCode(next)))) {
        if (isDigitCode(next) && curLast === DIGIT) { appendOwn(i, OTHER); continue; }
        flush();
        sepLen = 1;
        sepTight = true;
        continue;
      }
      boundary();
      continue;
    }
    // any other separator
    flush();
    sepLen++;
    if (!(rule.flags & TIGHT_CHAR)) sepTight = false;
  }
  flush();
  return count;
}

// ---------------------------------------------------------------------------
// 3. Token passes

const UNIT_TOKEN = /^\d+(?:\.\d+)?(?:mg|mgs|ml|mcg|ug|g|kg|lb|lbs|am|pm|st|nd|rd|th|h|hr|hrs|hour|hours|min|mins|x|k|s|m|yo|y|f)$/;

// (a constant: a regular expression literal inside deLeet would be a new object per call)
const TRAILING_NUMBER = /[a-z]\d\d+$/;

function deLeet(tok: string): string {
  // only tokens that mix digits and letters; numbers, units, times stay
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < tok.length; i++) {
    const c = tok.charCodeAt(i);
    if (isLetterCode(c)) letters++;
    else if (isDigitCode(c)) digits++;
  }
  if (digits === 0 || letters < 2) return tok;
  if (UNIT_TOKEN.test(tok)) return tok;
  // trailing number runs are model names and years (mp3, covid19), not leet
  if (TRAILING_NUMBER.test(tok)) return tok;
  let out = '';
  for (const ch of tok) out += LEET_DIGIT.get(ch) ?? ch;
  return out;
}

// Words with a real double letter, so "killll" stays "kill" not "kil".
const BUILTIN_WORDS = [
  'kill', 'killed', 'killing', 'still', 'will', 'all', 'tell', 'well', 'hell', 'feel', 'feeling', 'sleep', 'need',
  'too', 'soon', 'good', 'goodbye', 'see', 'off', 'really', 'sorry', 'better', 'little', 'ill', 'pills', 'pill',
  'bleed', 'bleeding', 'free', 'letter', 'bottle', 'keep', 'hopeless', 'worthless', 'useless', 'pointless',
  'anymore', 'cutt', 'shall', 'happy', 'coffee', 'yes', 'no', 'so', 'die', 'please', 'help', 'me', 'hate', 'now',
];

function destretch(tok: string, vocab: ReadonlySet<string>): string {
  // runs of 3+ identical letters: try keeping two, then one (single pass each)
  let hasRun = false;
  for (let i = 2; i < tok.length; i++) {
    if (tok.charCodeAt(i) === tok.charCodeAt(i - 1) && tok.charCodeAt(i) === tok.charCodeAt(i - 2)) {
      hasRun = true;
      break;
    }
  }
  if (!hasRun) return tok;
  let two = '';
  let one = '';
  for (let i = 0; i < tok.length; ) {
    const ch = tok[i]!;
    let j = i + 1;
    while (j < tok.length && tok[j] === ch) j++;
    const run = j - i;
    if (run >= 3 && isLetter(ch)) {
      two += ch + ch;
      one += ch;
    } else {
      const piece = tok.slice(i, j);
      two += piece;
      one += piece;
    }
    i = j;
  }
  if (vocab.has(two) || BUILTIN_SET.has(two)) return two;
  return one;
}

// Contractions to full words so the lexicon needs one spelling.
const SINGLE_EXPAND_OBJ: Record<string, string[]> = {
  im: ['i', 'am'], iam: ['i', 'am'], ive: ['i', 'have'], dont: ['do', 'not'], doesnt: ['does', 'not'], didnt: ['did', 'not'],
  cant: ['can', 'not'], cannot: ['can', 'not'], wont: ['will', 'not'], isnt: ['is', 'not'], arent: ['are', 'not'],
  wasnt: ['was', 'not'], werent: ['were', 'not'], couldnt: ['could', 'not'], wouldnt: ['would', 'not'],
  shouldnt: ['should', 'not'], havent: ['have', 'not'], hasnt: ['has', 'not'], aint: ['am', 'not'],
  wanna: ['want', 'to'], gonna: ['going', 'to'], gotta: ['got', 'to'], hafta: ['have', 'to'], tryna: ['trying', 'to'],
  youre: ['you', 'are'], theyre: ['they', 'are'], idk: ['i', 'do', 'not', 'know'], u: ['you'], ur: ['your'],
  r: ['are'], ppl: ['people'], cuz: ['because'], bc: ['because'], coz: ['because'], tho: ['though'],
  rn: ['right', 'now'], tn: ['tonight'], tonite: ['tonight'], '2nite': ['tonight'], '2night': ['tonight'],
  imma: ['i', 'am', 'going', 'to'], ima: ['i', 'am', 'going', 'to'], lemme: ['let', 'me'], gimme: ['give', 'me'],
  thats: ['that', 'is'], whats: ['what', 'is'], theres: ['there', 'is'], nothin: ['nothing'], nuthin: ['nothing'],
  nobodys: ['nobody', 'is'], everythings: ['everything', 'is'], shes: ['she', 'is'], hes: ['he', 'is'],
  wat: ['what'], pls: ['please'], plz: ['please'], thx: ['thanks'], b4: ['before'], '2day': ['today'],
  myslef: ['myself'], meself: ['myself'], mysef: ['myself'], mself: ['myself'], urself: ['yourself'],
};
// Maps, not objects: a token such as "constructor" must not find Object.prototype.
const SINGLE_EXPAND = new Map<string, string[]>(Object.entries(SINGLE_EXPAND_OBJ));
const SUFFIX_EXPAND = new Map<string, string>([['m', 'am'], ['ll', 'will'], ['ve', 'have'], ['re', 'are'], ['d', 'would']]);
const S_IS = new Set(['it', 'that', 'there', 'tonight', 'today', 'tomorrow', 'he', 'she', 'what', 'life', 'everything', 'nothing', 'who', 'this', 'here', 'where', 'nobody', 'everyone']);

/**
 * Expand the contraction at `t`, given the token after it, onto `out`.
 * Returns true when `next` was part of it (consumed).
 */
function expandContraction(t: string, next: string | undefined, out: string[]): boolean {
  // "don t", "can t", "won t", "didn t" (apostrophe removed at source or by us)
  if (next === 't' && t.endsWith('n') && t.length >= 2) {
    if (t === 'can') out.push('can', 'not');
    else if (t === 'won') out.push('will', 'not');
    else if (t === 'ain') out.push('am', 'not');
    else if (t === 'don') out.push('do', 'not');
    else out.push(t.slice(0, -1), 'not');
    return true;
  }
  if (next !== undefined && t !== BOUNDARY) {
    // every suffix is one or two letters: skip the lookup for other words
    const suf = next.length <= 2 ? SUFFIX_EXPAND.get(next) : undefined;
    if (suf !== undefined && (t === 'i' || t === 'you' || t === 'we' || t === 'they' || t === 'he' || t === 'she' || t === 'it' || t === 'that' || t === 'who' || t === 'there')) {
      out.push(t, suf);
      return true;
    }
    if (next === 's' && S_IS.has(t)) {
      out.push(t, 'is');
      return true;
    }
    if (next === 's') {
      out.push(t);
      return true;
    }
  }
  const exp = SINGLE_EXPAND.get(t);
  if (exp !== undefined) for (const w of exp) out.push(w);
  else out.push(t);
  return false;
}

/**
 * Split a glued string ("killmyself", "iwanttodie") into known words when it
 * can be covered entirely by them; otherwise return null. Dynamic programming
 * with a bounded word length: linear in the string length.
 */
export function segment(s: string, vocab: ReadonlySet<string>, maxWord = 14): string[] | null {
  const n = s.length;
  if (n === 0 || n > 200) return null;
  // best[i]: fewest words covering s[0..i), prev[i]: start of the last word
  const best = new Array<number>(n + 1).fill(Infinity);
  const prev = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = Math.max(0, i - maxWord); j < i; j++) {
      if (best[j]! + 1 < best[i]! && vocab.has(s.slice(j, i))) {
        best[i] = best[j]! + 1;
        prev[i] = j;
      }
    }
  }
  if (best[n] === Infinity) return null;
  const words: string[] = [];
  for (let i = n; i > 0; i = prev[i]!) words.push(s.slice(prev[i]!, i));
  return words.reverse();
}

const BUILTIN_SET: ReadonlySet<string> = new Set(BUILTIN_WORDS);
// Only glued tokens that contain one of these are worth splitting (keeps the cost bounded).
const GLUE_ANCHORS = ['kill', 'die', 'dead', 'suicid', 'myself', 'life', 'live', 'end', 'cut', 'hang', 'overdos', 'pill', 'jump', 'alive', 'hurt'];
// A word split in two must have one of these as a half: "killmyself",
// "endit", "killme" and a title run into its body ("suicidehonestly",
// "dienothing") are glued, while "deadline", "weekend", "shortcut", "lifetime"
// are English words whose halves happen to be known ("dead line tomorrow"
// must not read as dying tomorrow).
const GLUE_PARTNERS: ReadonlySet<string> = new Set([
  'myself', 'me', 'my', 'i', 'im', 'it', 'self', 'all', 'off', 'now', 'to', 'you', 'yourself', 'everything',
  'die', 'suicide', 'suicidal', 'overdose', 'overdosed', 'unalive', 'alive', 'am',
]);
function isGluedPair(a: string, b: string): boolean {
  // a one-letter half other than "i" ("s kill" from "skill", "change d") is a word, not a glue
  if ((a.length === 1 && a !== 'i') || (b.length === 1 && b !== 'i')) return false;
  return GLUE_PARTNERS.has(a) || GLUE_PARTNERS.has(b);
}
// A loop, not GLUE_ANCHORS.some(): a closure over the word would make every
// call of clean() allocate a context for it, glued word or not.
function hasGlueAnchor(t: string): boolean {
  for (const a of GLUE_ANCHORS) if (t.includes(a)) return true;
  return false;
}

// A lower-case letter followed by a capitalised word: "feeling suicidalEdit",
// "lost all hopeI don't", text pasted without the space after a title.
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Split words glued at a lower->upper case change, unless the whole word is
 * one we know (so "kIlL" or "mySelf" in mixed case stay whole). One pass over
 * the letter runs: linear.
 */
function splitGlued(text: string, vocab: ReadonlySet<string>): string {
  if (!/[a-z][A-Z]/.test(text)) return text;
  // The result is the text with a space inserted at each split: the stretches
  // between splits are copied with slice(), not character by character.
  let out = '';
  let copied = 0; // text[0, copied) is in `out`
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (!isAsciiLetter(text.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    let glued = false;
    while (j < n && isAsciiLetter(text.charCodeAt(j))) {
      const c = text.charCodeAt(j);
      if (j > i && c >= 65 && c <= 90) {
        const p = text.charCodeAt(j - 1);
        if (p >= 97 && p <= 122) glued = true;
      }
      j++;
    }
    if (glued && j - i <= 64) {
      const lower = text.slice(i, j).toLowerCase();
      if (!vocab.has(lower) && !BUILTIN_SET.has(lower)) {
        for (let k = i + 1; k < j; k++) {
          const p = text.charCodeAt(k - 1);
          const c = text.charCodeAt(k);
          const nx = k + 1 < j ? text.charCodeAt(k + 1) : -1;
          // split before a capital that starts a word: "Edit", "It", a final "I"
          if (p >= 97 && p <= 122 && c >= 65 && c <= 90 && (nx === -1 || (nx >= 97 && nx <= 122))) {
            out += text.slice(copied, k) + ' ';
            copied = k;
          }
        }
      }
    }
    i = j;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * The passes after joining spaced letters, run as one stream with no array
 * between them: each word is cleaned (leet, stretching, spellings, glued
 * words) and its contractions expanded onto `out`. (A class rather than
 * closures in normalize(): its methods are compiled once, on their own.)
 */
class WordStream {
  private readonly out: string[] = [];
  /** Contractions look one token ahead: the cleaned token waiting for its successor. */
  private pending: string | undefined = undefined;

  constructor(
    private readonly vocab: ReadonlySet<string>,
    private readonly spellings: ReadonlyMap<string, string>,
  ) {}

  clean(word: string): void {
    // nothing longer than 64 is a word: skip the per-token work on junk
    if (word === BOUNDARY || word.length > 64) {
      this.expand(word);
      return;
    }
    const { vocab } = this;
    const t = destretch(deLeet(word), vocab);
    const fixed = this.spellings.get(t);
    if (fixed !== undefined) {
      for (const w of fixed.split(' ')) if (w) this.expand(w);
      return;
    }
    // "i amready", "i amdone": "I'm" with its apostrophe and the space after it
    // lost (phone typing, text stripped of punctuation). Only after "i" and only
    // when the rest is a word the lexicon uses, so "i amended" stays whole.
    if (this.pending === 'i' && t.length >= 4 && t.startsWith('am') && !vocab.has(t) && vocab.has(t.slice(2))) {
      this.expand('am');
      this.clean(t.slice(2));
      return;
    }
    // hashtags and glued phrases: "#iwanttodie", "killmyself"
    if (t.length >= 7 && t.length <= 40 && vocab.size > 0 && !vocab.has(t) && hasGlueAnchor(t)) {
      const words = segment(t, vocab);
      if (words && words.length >= 2 && words.length <= t.length / 2.5 && (words.length > 2 || isGluedPair(words[0]!, words[1]!))) {
        for (const w of words) this.expand(w);
        return;
      }
    }
    this.expand(t);
  }

  private expand(t: string): void {
    let p = this.pending;
    if (p === undefined) {
      this.pending = t;
      return;
    }
    // "sooni am", "lifei m": "I'm" glued to the word before it. Split off the
    // "i" only when the word without it is one the lexicon uses and the word
    // with it is not (so "taxi", "sushi" stay whole).
    if ((t === 'am' || t === 'm') && p.length >= 3 && p.endsWith('i') && !this.vocab.has(p) && this.vocab.has(p.slice(0, -1))) {
      expandContraction(p.slice(0, -1), undefined, this.out);
      p = 'i';
    }
    this.pending = expandContraction(p, t, this.out) ? undefined : t;
  }

  /** The tokens, once every word has been given to clean(). */
  end(): string[] {
    if (this.pending !== undefined) expandContraction(this.pending, undefined, this.out);
    this.pending = undefined;
    return this.out;
  }
}

// ---------------------------------------------------------------------------
// 0. Invalid code units

// A high surrogate not followed by a low one, a low one not preceded by a high
// one, the replacement character and the two noncharacters: what a string cut
// inside an emoji, a broken client or a deliberate attempt leaves behind. Each
// lookaround looks at one code unit, so this stays linear.
const INVALID_UNITS = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFD\uFFFE\uFFFF]/g;

/**
 * Drop invalid UTF-16 before anything else reads the text. Inside a word it
 * would split it ("kil\uDC00l") or, paired by mistake with the next letter,
 * swallow it ("ki\uD800ll"): a crisis phrase must read the same either way.
 */
export function dropInvalidUnits(text: string): string {
  if (!/[\uD800-\uDFFF\uFFFD-\uFFFF]/.test(text)) return text;
  return text.replace(INVALID_UNITS, '');
}

const EMPTY_SET: ReadonlySet<string> = new Set();
const EMPTY_MAP: ReadonlyMap<string, string> = new Map();

/** Normalise a message into canonical tokens. Linear in the input length. */
export function normalize(text: string, options: NormalizeOptions = {}): Normalized {
  const vocab = options.vocabulary ?? EMPTY_SET;
  const spellings = options.spellings ?? EMPTY_MAP;
  const n = tokenizeChars(stripMarkup(splitGlued(dropInvalidUnits(text), vocab)));

  const stream = new WordStream(vocab, spellings);

  // spaced or dotted letters: three or more single letters with single separators
  const isSingleLetter = (t: string) => t.length === 1 && isLetterCode(t.charCodeAt(0));
  for (let i = 0; i < n; ) {
    const t = rawText[i]!;
    if (isSingleLetter(t)) {
      let j = i + 1;
      while (j < n && isSingleLetter(rawText[j]!) && rawTight[j]) j++;
      if (j - i >= 3) {
        let glued = '';
        for (let k = i; k < j; k++) glued += rawText[k]!;
        const words = segment(glued, vocab);
        if (words) for (const w of words) stream.clean(w);
        else stream.clean(glued);
        i = j;
        continue;
      }
    }
    stream.clean(t);
    i++;
  }
  // keep the scratch arrays' capacity, not this message's words (nor the
  // capacity after a text longer than the screener ever passes)
  if (n > 1 << 18) {
    rawText.length = 0;
    rawTight.length = 0;
  } else rawText.fill('', 0, n);
  return { tokens: stream.end() };
}

/** Convenience: the normalised text as one string (for display and tests). */
export function normalizeText(text: string, options: NormalizeOptions = {}): string {
  return normalize(text, options).tokens.join(' ');
}
