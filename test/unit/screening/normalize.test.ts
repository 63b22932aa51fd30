import { describe, expect, it } from 'vitest';
import { normalizeText, segment } from '../../../src/safety/screening/normalize.js';

const vocab = new Set(['kill', 'myself', 'want', 'to', 'die', 'i']);
const n = (t: string) => normalizeText(t, { vocabulary: vocab, spellings: new Map([['suicde', 'suicide'], ['kms', 'kill myself']]) });

describe('normalize', () => {
  it('GIVEN mixed case WHEN normalised THEN lower case', () => {
    expect(n('I WANT To Die')).toBe('i want to die');
  });
  it('GIVEN full-width and circled letters WHEN normalised THEN plain Latin (NFKC-style)', () => {
    expect(n('ｋｉｌｌ ⓜⓨⓢⓔⓛⓕ')).toBe('kill myself');
  });
  it('GIVEN Cyrillic and Greek look-alikes WHEN normalised THEN Latin letters', () => {
    expect(n('kіll mуsеlf')).toBe('kill myself'); // Cyrillic і у е
    expect(n('κill')).toBe('kill'); // Greek kappa
  });
  it('GIVEN zero-width characters and combining marks WHEN normalised THEN removed', () => {
    expect(n('k\u200bi\u200dl\u2060l my\ufeffself')).toBe('kill myself');
    expect(n('ki\u0336ll')).toBe('kill');
  });
  it('GIVEN leetspeak digits and symbols WHEN normalised THEN letters', () => {
    expect(n('k1ll mys3lf')).toBe('kill myself');
    expect(n('$uicide')).toBe('suicide');
    expect(n('w@nt to d!e')).toBe('want to die');
  });
  it('GIVEN numbers, doses and readings WHEN normalised THEN kept as numbers', () => {
    expect(n('took 800mg at 10pm, bp 190/120!')).toBe('took 800mg at 10pm bp 190/120 |');
    expect(n('2.5mg')).toBe('2.5mg');
  });
  it('GIVEN stretched letters WHEN normalised THEN collapsed, keeping real double letters', () => {
    expect(n('diiiiie')).toBe('die');
    expect(n('killllll')).toBe('kill');
    expect(n('sooooo')).toBe('so');
  });
  it('GIVEN spaced or dotted letters WHEN normalised THEN joined and split into known words', () => {
    expect(n('k i l l  m y s e l f')).toBe('kill myself');
    expect(n('k i l l m y s e l f')).toBe('kill myself');
    expect(n('k.i.l.l myself')).toBe('kill myself');
    expect(n('k-i-l-l myself')).toBe('kill myself');
  });
  it('GIVEN a glued hashtag WHEN normalised THEN split into known words', () => {
    expect(n('#iwanttodie')).toBe('i want to die');
    expect(segment('killmyself', vocab)).toEqual(['kill', 'myself']);
    expect(segment('banana', vocab)).toBeNull();
  });
  it('GIVEN common misspellings from the lexicon WHEN normalised THEN corrected', () => {
    expect(n('suicde')).toBe('suicide');
    expect(n('kms')).toBe('kill myself');
  });
  it('GIVEN contractions with and without apostrophes WHEN normalised THEN full words', () => {
    expect(n("I'm not, I don't, I can’t, I'll")).toBe('i am not i do not i can not i will');
    expect(n('i m tired i dont know wanna gonna')).toBe('i am tired i do not know want to going to');
  });
  it('GIVEN Slack markup WHEN normalised THEN mentions and links dropped, labels kept', () => {
    expect(n('<@U123ABC> hey <https://example.com|my note> <#C1|general> <!here>')).toBe('hey my note general');
  });
  it('GIVEN Discord spoilers, code, quotes and strike-through WHEN normalised THEN the words inside remain', () => {
    expect(n('||i want to die||')).toBe('i want to die');
    expect(n('`kill` ```myself```')).toBe('kill myself');
    expect(n('> i want to die')).toBe('i want to die');
    expect(n('~~i want~~ ~to~ *die* _now_')).toBe('i want to die now');
  });
  it('GIVEN meaningful emoji WHEN normalised THEN tokens the rules can see', () => {
    expect(n('💊💊 🔪 🔫 ⚰️ 💀 😂')).toBe('emojipill emojipill emojiknife emojigun emojicoffin emojilaugh emojilaugh');
  });
  it('GIVEN sentence punctuation WHEN normalised THEN a boundary token separates sentences', () => {
    expect(n('fine. want to die')).toBe('fine | want to die');
  });
  it('GIVEN a word like "constructor" WHEN normalised THEN no prototype lookup leaks in', () => {
    expect(n('constructor tostring')).toBe('constructor tostring');
  });
});

describe('normalize: glued words', () => {
  const vocab2 = new Set(['dead', 'line', 'week', 'end', 'kill', 'myself', 'i', 'am', 'ready', 'to', 'die', 'soon', 'life', 'suicide', 'honestly', 's']);
  const g = (t: string) => normalizeText(t, { vocabulary: vocab2 });
  it('GIVEN an English word whose halves are known WHEN normalised THEN it stays whole', () => {
    expect(g('the deadline is this weekend')).toBe('the deadline is this weekend');
    expect(g('skills')).toBe('skills');
  });
  it('GIVEN a phrase or a title run together WHEN normalised THEN split', () => {
    expect(g('killmyself')).toBe('kill myself');
    expect(g('suicidehonestly')).toBe('suicide honestly');
  });
  it('GIVEN "I\'m" glued to the next word after "i" WHEN normalised THEN "i am" and the word', () => {
    expect(g('i amready to die')).toBe('i am ready to die');
    expect(g('iam ready')).toBe('i am ready');
  });
  it('GIVEN "I\'m" glued to the word before WHEN normalised THEN the word, "i am"', () => {
    expect(g('sooni am ready')).toBe('soon i am ready');
    expect(g('lifei m')).toBe('life i am');
  });
  it('GIVEN a word starting with "am" or ending in "i" that is not glue WHEN normalised THEN unchanged', () => {
    expect(g('i amended it')).toBe('i amended it');
    expect(g('taxi am')).toBe('taxi am');
  });
});
