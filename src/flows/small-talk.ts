// Greetings, thanks, goodbyes and plain feelings get a short answer in the
// project's voice (prompts/smalltalk/<locale>.yaml) and, where it fits, one
// offer. Nothing here runs for a message the screener flagged: the crisis
// reply answers those first (the router's fallback stops at crisisHandled).
import { normalisePhrase } from '../content/load-content.js';
import type { SmallTalk } from '../content/types.js';
import type { Context } from '../core/context.js';
import type { OutboundMessage } from '../core/types.js';
import { saveJournalQuietly } from './journal-quiet.js';
import { mayOffer, recordOffer } from './offer-policy.js';

export interface SmallTalkMatch {
  entry: SmallTalk;
  /** The language the phrase was written in: the answer comes in it. */
  locale: string;
  /** The whole message is the phrase ("thanks"), not a message that starts with or contains it. */
  whole: boolean;
}

/** A message that is nothing but a greeting, thanks, goodbye or "ok": never an answer to a question. */
export function isOnlySocial(ctx: Context, text: string): SmallTalkMatch | undefined {
  const m = matchSmallTalk(ctx, text);
  return m && m.whole && m.entry.kind === 'social' ? m : undefined;
}

/** Longer messages are the person's own words, not small talk. */
const FEELING_MAX_WORDS = 8;
const SOCIAL_MAX_WORDS = 5;
const NEGATIONS = new Set(['not', 'no', 'never', 'dont', 'isnt', 'arent', 'wasnt', 'nunca', 'ni', 'tampoco', 'nada']);

function indexOfWords(words: string[], phrase: string[]): number {
  outer: for (let i = 0; i + phrase.length <= words.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (words[i + j] !== phrase[j]) continue outer;
    return i;
  }
  return -1;
}

function matchIn(entries: SmallTalk[], words: string[]): SmallTalk | undefined {
  const whole = words.join(' ');
  const exact = entries.find((e) => e.phrases.some((p) => normalisePhrase(p) === whole));
  if (exact) return exact;
  // A feeling named anywhere in a short message, unless just negated ("I'm not sad"); the earliest named wins.
  if (words.length <= FEELING_MAX_WORDS) {
    let best: { entry: SmallTalk; at: number } | undefined;
    for (const entry of entries.filter((e) => e.kind === 'feeling')) {
      for (const p of entry.phrases) {
        const at = indexOfWords(words, normalisePhrase(p).split(' '));
        if (at < 0) continue;
        const before = words.slice(Math.max(0, at - 2), at);
        if (before.some((w) => NEGATIONS.has(w))) continue;
        if (!best || at < best.at) best = { entry, at };
      }
    }
    if (best) return best.entry;
  }
  // "Thanks so much!", "hello there friend": a social opening in a short message.
  if (words.length <= SOCIAL_MAX_WORDS) {
    return entries.find((e) => e.kind === 'social' && e.phrases.some((p) => indexOfWords(words, normalisePhrase(p).split(' ')) === 0));
  }
  return undefined;
}

/** Small talk in the person's language first, then in any other the clinic has ("hola" from someone set to English). */
export function matchSmallTalk(ctx: Context, text: string): SmallTalkMatch | undefined {
  const words = normalisePhrase(text).split(' ').filter(Boolean);
  if (words.length === 0) return undefined;
  const { content } = ctx.services;
  const locales = [ctx.locale, ...content.locales.filter((l) => l !== ctx.locale)];
  for (const locale of locales) {
    const entries = content.smallTalk(locale);
    const entry = matchIn(entries, words);
    if (entry) return { entry, locale, whole: entry.phrases.some((p) => normalisePhrase(p) === words.join(' ')) };
  }
  return undefined;
}

/** The same words get the same answer; different words vary it a little. */
function pick(replies: string[], text: string): string {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return replies[h % replies.length]!;
}

function offerFor(ctx: Context, m: SmallTalkMatch): { text: string; choices?: OutboundMessage['choices'] } | undefined {
  const { entry, locale } = m;
  const t = (key: string, vars?: Record<string, string>) => ctx.services.content.text(key, locale, vars);
  switch (entry.offer) {
    case 'exercise': {
      const ex = entry.exercise ? ctx.services.content.exercise(entry.exercise, locale) : undefined;
      if (!ex) return undefined;
      // The Start button is the scheduled exercise offer's (flows/exercises.ts), so it works outside any flow.
      return { text: t('offer.exercise', { title: ex.title, name: ex.aliases[0] ?? ex.id }), choices: [{ id: `sched:exercise:${ex.id}`, label: t('offer.exercise_start') }] };
    }
    case 'journal':
      return ctx.person.consent === 'granted' ? { text: t('offer.journal') } : undefined;
    case 'safety_plan':
      return { text: t('offer.safety_plan') };
    case 'person':
      return { text: t('offer.person') };
    default:
      return undefined;
  }
}

/**
 * Answer small talk. A feeling is the person's own words and is kept in the
 * journal when they agreed (and `keep` allows: not when it already answers a
 * question); a greeting or thanks never is.
 */
export function answerSmallTalk(ctx: Context, m: SmallTalkMatch, options: { keep: boolean } = { keep: true }): void {
  const t = (key: string) => ctx.services.content.text(key, m.locale);
  const lines = [pick(m.entry.replies, normalisePhrase(ctx.text))];
  const kept = options.keep && m.entry.kind === 'feeling' && saveJournalQuietly(ctx, ctx.text);
  if (kept) lines.push(t('smalltalk.kept'));
  const offer = m.entry.offer && mayOffer(ctx) ? offerFor(ctx, m) : undefined;
  if (offer) {
    lines.push('', offer.text);
    recordOffer(ctx, m.entry.offer!);
  }
  ctx.audit('smalltalk.answered', undefined, { id: m.entry.id, locale: m.locale, offered: offer ? m.entry.offer! : null });
  ctx.reply({ text: lines.join('\n'), ...(offer?.choices ? { choices: offer.choices } : {}) });
}
