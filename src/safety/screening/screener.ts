// The crisis screener: normalise -> match the lexicon's rules -> apply
// exceptions, negation, laughter and recent context -> one result.
// Deterministic and synchronous; linear in the message length.
import { CodedError, errorMessage } from '../../core/errors.js';
import type { Lexicon, RuleLevel } from './lexicon-schema.js';
import { BOUNDARY, normalize, type NormalizeOptions } from './normalize.js';
import { compileNode, parsePattern, runPattern, testToken, VmScratch, type CompiledPattern, type Span, type TokenTest } from './pattern.js';
import {
  CATEGORIES,
  SEVERITIES,
  type Category,
  type ContextSignal,
  type ScreenContext,
  type ScreenMatch,
  type ScreenResult,
  type Screener,
  type Severity,
} from './types.js';

// review 0 … imminent 3, from SEVERITIES (most urgent first)
const RANK = Object.fromEntries(SEVERITIES.map((s, i) => [s, SEVERITIES.length - 1 - i])) as Record<Severity, number>;
/** When two matches share a severity, the category shown first. */
const CATEGORY_PRIORITY: Category[] = [
  'plan_intent_means',
  'suicidal_ideation',
  'self_harm',
  'medical_emergency',
  'harm_to_others',
  'abuse_unsafe',
  'misuse',
  'distress',
];

/** Longest input screened in full; longer text is screened by its head and tail. */
export const MAX_SCREEN_CHARS = 200_000;

interface Matcher {
  kind: 'rule' | 'exception' | 'request';
  index: number;
  pattern: CompiledPattern;
  /** The pattern's own words: a negation cue that is one of them is part of the phrase ("do not want to live"). */
  literals: ReadonlySet<string>;
}

/** A span with the words of the pattern that produced it. */
interface RuleSpan extends Span {
  literals: ReadonlySet<string>;
}

interface RawMatch {
  ruleIndex: number;
  span: Span;
  level: RuleLevel;
  negated: boolean;
}

function collectWords(node: ReturnType<typeof parsePattern>, out: Set<string>): void {
  switch (node.type) {
    case 'tok':
      if (node.test.kind === 'lit') out.add(node.test.word);
      return;
    case 'seq':
      node.items.forEach((n) => collectWords(n, out));
      return;
    case 'alt':
      node.options.forEach((n) => collectWords(n, out));
      return;
    case 'opt':
      collectWords(node.node, out);
      return;
    case 'gap':
      return;
  }
}

/** Each pattern is its own small NFA, so a start position only wakes the patterns whose first word is there. */
function compileMany(
  patterns: string[],
  classes: Record<string, string>,
  what: string,
  vocab: Set<string>,
): { pattern: CompiledPattern; literals: Set<string> }[] {
  return patterns.map((p, i) => {
    let node;
    try {
      node = parsePattern(p, classes);
    } catch (err) {
      throw new CodedError('content_invalid', `lexicon ${what}, pattern ${i + 1} "${p}": ${errorMessage(err)}`);
    }
    const literals = new Set<string>();
    collectWords(node, literals);
    for (const w of literals) vocab.add(w);
    try {
      return { pattern: compileNode(node), literals };
    } catch (err) {
      throw new CodedError('content_invalid', `lexicon ${what}, pattern ${i + 1} "${p}": ${errorMessage(err)}`);
    }
  });
}

export function createScreener(lexicon: Lexicon): Screener {
  const vocab = new Set<string>();
  const ids = new Set<string>();
  for (const r of [...lexicon.rules, ...lexicon.exceptions, ...lexicon.requests, ...lexicon.context, ...lexicon.scoring]) {
    if (ids.has(r.id)) throw new CodedError('content_invalid', `lexicon: duplicate id "${r.id}"`);
    ids.add(r.id);
  }
  // context rules name categories or rule ids; a typo would silently never fire
  const ruleIds = new Set(lexicon.rules.map((r) => r.id));
  for (const c of lexicon.context) {
    for (const key of c.except) {
      if (!ruleIds.has(key)) throw new CodedError('content_invalid', `lexicon context "${c.id}": except "${key}" is not a rule id`);
    }
    for (const key of [...c.recent, ...c.now]) {
      if (!(CATEGORIES as readonly string[]).includes(key) && !ruleIds.has(key)) {
        throw new CodedError('content_invalid', `lexicon context "${c.id}": "${key}" is neither a category nor a rule id`);
      }
    }
  }
  const matchers: Matcher[] = [];
  lexicon.rules.forEach((r, index) => {
    for (const { pattern, literals } of compileMany(r.patterns, lexicon.classes, `rule "${r.id}"`, vocab)) {
      matchers.push({ kind: 'rule', index, pattern, literals });
    }
  });
  lexicon.exceptions.forEach((e, index) => {
    for (const { pattern, literals } of compileMany(e.patterns, lexicon.classes, `exception "${e.id}"`, vocab)) {
      matchers.push({ kind: 'exception', index, pattern, literals });
    }
  });
  lexicon.requests.forEach((q, index) => {
    for (const { pattern, literals } of compileMany(q.patterns, lexicon.classes, `request "${q.id}"`, vocab)) {
      matchers.push({ kind: 'request', index, pattern, literals });
    }
  });
  const requestIds = lexicon.requests.map((q) => q.id);
  const spellings = new Map<string, string>();
  for (const [from, to] of Object.entries(lexicon.spellings)) {
    spellings.set(from, to);
    for (const w of to.split(' ')) if (w) vocab.add(w);
  }
  for (const w of lexicon.fillers) vocab.add(w);
  const normOptions: NormalizeOptions = { vocabulary: vocab, spellings };

  // First-token index: which matchers can start at a given token.
  const byWord = new Map<string, number[]>();
  const byPrefix = new Map<number, { prefix: string; m: number }[]>();
  /** Matchers that may start at a number, each with only its numeric first tests. */
  const numeric: { m: number; tests: TokenTest[] }[] = [];
  const pushUnique = <K>(map: Map<K, number[]>, key: K, m: number) => {
    const list = map.get(key) ?? [];
    if (list[list.length - 1] !== m) list.push(m);
    map.set(key, list);
  };
  matchers.forEach((mt, m) => {
    for (const t of mt.pattern.firsts) {
      if (t.kind === 'lit') pushUnique(byWord, t.word, m);
      else if (t.kind === 'prefix') {
        const key = prefixKey(t.prefix);
        const list = byPrefix.get(key) ?? [];
        list.push({ prefix: t.prefix, m });
        byPrefix.set(key, list);
      } else {
        const last = numeric[numeric.length - 1];
        if (last?.m === m) last.tests.push(t);
        else numeric.push({ m, tests: [t] });
      }
    }
  });

  const laughter = new Set(lexicon.laughter);
  const fillers = new Set(lexicon.fillers);

  // Required-word groups (CompiledPattern.required), numbered: a message
  // marks the groups its words belong to, and a matcher runs only when all of
  // its groups are marked.
  const groupsOf: number[][] = [];
  const wordGroups = new Map<string, number[]>();
  let groupCount = 0;
  for (const mt of matchers) {
    const ids: number[] = [];
    for (const group of mt.pattern.required) {
      const id = groupCount++;
      ids.push(id);
      for (const w of group) {
        const list = wordGroups.get(w) ?? [];
        list.push(id);
        wordGroups.set(w, list);
      }
    }
    groupsOf.push(ids);
  }

  // Everything the screener asks about a word, in one map: one lookup per
  // token instead of one per question (hashing tens of thousands of tokens
  // several times over was most of the time spent on a long message).
  const words = new Map<string, WordInfo>();
  const wordInfo = (w: string): WordInfo => {
    let info = words.get(w);
    if (info === undefined) {
      info = { filler: false, laughter: false, starts: [], groups: [], seen: 0 };
      words.set(w, info);
    }
    return info;
  };
  for (const w of fillers) wordInfo(w).filler = true;
  for (const w of laughter) wordInfo(w).laughter = true;
  for (const [w, list] of byWord) wordInfo(w).starts = list;
  for (const [w, list] of wordGroups) wordInfo(w).groups = list;

  // Per-message scratch, indexed by matcher or group and stamped with the
  // message's generation instead of cleared (screen() is synchronous).
  let gen = 0;
  const groupSeen = new Int32Array(groupCount);
  const requiredGen = new Int32Array(matchers.length);
  const requiredOk = new Uint8Array(matchers.length);
  const startsGen = new Int32Array(matchers.length);
  // Start positions: recorded as (matcher, position) pairs while reading the
  // message, then grouped by matcher into one array (matcher m's positions
  // are startPositions[startFrom[m]..startEnd[m])), rather than a list per
  // matcher per message.
  const startPairs = new IntList();
  const startPositions = new IntList();
  const startCount = new Int32Array(matchers.length);
  const lastStart = new Int32Array(matchers.length);
  const startFrom = new Int32Array(matchers.length);
  const startEnd = new Int32Array(matchers.length);
  /** Per token of the message: its WordInfo (entries past the message's length are stale). */
  const infos: (WordInfo | undefined)[] = [];

  const cues = new Set(lexicon.negation.cues);
  const breakers = new Set(lexicon.negation.breakers);
  // highest threshold first
  const scoreLevels = [...lexicon.scoring]
    .sort((a, b) => b.threshold - a.threshold)
    .map((l) => ({ id: l.id, threshold: l.threshold, category: l.category, severity: l.severity, minRules: l.minRules }));
  // The lexicon's records copied into objects of one shape each: parsed YAML
  // gives objects of several shapes (optional fields present or not), which
  // made the property reads in screen() polymorphic and its optimised code
  // bail out, message after message.
  const rules = lexicon.rules.map((r) => ({
    id: r.id, category: r.category, severity: r.severity, negation: r.negation, laughter: r.laughter, weight: r.weight,
  }));
  const exceptions = lexicon.exceptions.map((e) => ({ suppresses: e.suppresses }));
  const contextRules = lexicon.context.map((c) => ({ recent: c.recent, now: c.now, except: c.except, raiseTo: c.raiseTo }));
  const window = lexicon.negation.window;
  const bridge = new Set(lexicon.negation.bridge);
  const scratch = new VmScratch();

  const breakerObjects = new Set(lexicon.negation.breakerObjects);
  const interjections = new Set(lexicon.negation.interjections);
  const effort = new Set(lexicon.negation.effort);
  const subjects = new Set(lexicon.negation.subjects);
  const emphaticCues = new Set(lexicon.negation.emphatic.cues);
  const emphaticBetween = new Set(lexicon.negation.emphatic.between);
  const emphaticAfter = new Set(lexicon.negation.emphatic.after);
  const EMPHATIC_AFTER_WINDOW = 3;

  /**
   * Does the cue at `k` negate the match `span`? Not when it is followed by a
   * breaker ("not sure i want to live"; but "not think about" negates), when it
   * is itself negated ("can not not think about") or an effort ("trying not to
   * kill myself" is an urge resisted), when it is an interjection
   * ("no, i am suicidal"), or when it is emphatic ("never been so suicidal",
   * "never wanted to die more").
   */
  const cueNegates = (tokens: string[], k: number, span: Span): boolean => {
    const cue = tokens[k]!;
    const after = tokens[k + 1];
    // a breaker hedges ("not sure i want to live") unless it governs an object ("not think about it")
    if (after !== undefined && breakers.has(after) && !breakerObjects.has(tokens[k + 2] ?? '')) return false;
    const before = k > 0 ? tokens[k - 1] : undefined;
    // "can not not think about it"; "trying not to kill myself" is an urge resisted
    if (before !== undefined && (cues.has(before) || effort.has(before))) return false;
    if (after !== undefined && interjections.has(cue) && subjects.has(after)) return false;
    if (emphaticCues.has(cue)) {
      for (let j = k + 1; j < span.end; j++) if (emphaticBetween.has(tokens[j]!)) return false;
      for (let j = span.end; j < tokens.length && j < span.end + EMPHATIC_AFTER_WINDOW; j++) {
        const t = tokens[j]!;
        if (t === BOUNDARY) break;
        if (emphaticAfter.has(t)) return false;
      }
    }
    return true;
  };

  /**
   * A negation governs a match when a cue stands just before it (with only
   * bridge words between), or inside it where the pattern allowed any word
   * (a gap): "i am not suicidal" matched by "(i|im) ~3 suicidal". A cue that is
   * one of the pattern's own words is part of the phrase, not a negation.
   */
  const isNegated = (tokens: string[], span: Span, literals: ReadonlySet<string>): boolean => {
    // inside the match: only a cue reached from its start through bridge words
    // ("i am not suicidal", "have no plan"), not one in a later clause
    // ("kill myself if nothing changes soon")
    for (let k = span.start; k < span.end; k++) {
      const t = tokens[k]!;
      if (cues.has(t) && !literals.has(t)) {
        if (cueNegates(tokens, k, span)) return true;
        break;
      }
      if (!bridge.has(t)) break;
    }
    for (let k = span.start - 1; k >= 0 && k >= span.start - window; k--) {
      const t = tokens[k]!;
      if (t === BOUNDARY) return false;
      if (cues.has(t)) return cueNegates(tokens, k, span);
      if (!bridge.has(t)) return false;
    }
    return false;
  };

  function screen(text: string, context?: ScreenContext): ScreenResult {
    const input = text.length > MAX_SCREEN_CHARS
      ? `${text.slice(0, MAX_SCREEN_CHARS / 2)}\n${text.slice(text.length - MAX_SCREEN_CHARS / 2)}`
      : text;
    const all = normalize(input, normOptions).tokens;

    if (++gen > 0x3fffffff) {
      gen = 1;
      groupSeen.fill(0);
      requiredGen.fill(0);
      startsGen.fill(0);
      for (const info of words.values()) info.seen = 0;
    }
    // drop fillers (copying only from the first one on); note each word's
    // info and mark the required groups present
    let tokens = all;
    let kept = 0;
    for (let i = 0; i < all.length; i++) {
      const tok = all[i]!;
      const info = words.get(tok);
      if (info !== undefined) {
        if (info.filler) {
          if (tokens === all) tokens = all.slice(0, i);
          continue;
        }
        if (info.seen !== gen) {
          info.seen = gen;
          for (const g of info.groups) groupSeen[g] = gen;
        }
      }
      infos[kept++] = info;
      if (tokens !== all) tokens.push(tok);
    }

    // sentence ids and laughter per sentence, for O(1) laughter checks
    const sentence = new Int32Array(tokens.length + 1);
    const laughAt: number[] = [];
    let sid = 0;
    /** Matchers with a start position, in the order of their first one. */
    const started: number[] = [];
    startPairs.reset();
    const addStart = (m: number, p: number) => {
      if (requiredGen[m] !== gen) {
        requiredGen[m] = gen;
        requiredOk[m] = groupsOf[m]!.every((g) => groupSeen[g] === gen) ? 1 : 0;
      }
      if (requiredOk[m] === 0) return;
      if (startsGen[m] !== gen) {
        startsGen[m] = gen;
        started.push(m);
        startCount[m] = 0;
        lastStart[m] = -1;
      }
      if (lastStart[m] === p) return;
      lastStart[m] = p;
      startCount[m] = startCount[m]! + 1;
      startPairs.push(m);
      startPairs.push(p);
    };
    for (let p = 0; p < tokens.length; p++) {
      const tok = tokens[p]!;
      if (tok === BOUNDARY) {
        sid++;
        sentence[p] = sid;
        continue;
      }
      sentence[p] = sid;
      const info = infos[p];
      if (info !== undefined) {
        if (info.laughter && laughAt[laughAt.length - 1] !== sid) laughAt.push(sid);
        for (const m of info.starts) addStart(m, p);
      }
      if (tok.length >= 3 && byPrefix.size > 0) {
        const pre = byPrefix.get(prefixKey(tok));
        if (pre) for (const e of pre) if (tok.startsWith(e.prefix)) addStart(e.m, p);
      }
      if (numeric.length > 0 && tok.charCodeAt(0) >= 48 && tok.charCodeAt(0) <= 57) {
        for (const e of numeric) if (passesAny(e.tests, tok)) addStart(e.m, p);
      }
    }
    const laughSentences = new Set(laughAt);

    // group the start positions by matcher (each group stays ascending)
    let offset = 0;
    for (const m of started) {
      startFrom[m] = offset;
      startEnd[m] = offset; // advanced below as positions are placed
      offset += startCount[m]!;
    }
    startPositions.reset();
    startPositions.ensure(offset);
    const pairs = startPairs.data;
    const positions = startPositions.data;
    for (let k = 0; k < startPairs.length; k += 2) positions[startEnd[pairs[k]!]!++] = pairs[k + 1]!;

    // run matchers
    const exceptionSpans: { span: Span; suppresses: string[] }[] = [];
    const spansByRule = new Map<number, RuleSpan[]>();
    const requestSpans: { index: number; span: RuleSpan }[] = [];
    /** Score candidates: the first span of each matched pattern. */
    const scoreSpans: { ruleIndex: number; span: RuleSpan }[] = [];
    for (const m of started) {
      const mt = matchers[m]!;
      const spans = runPattern(mt.pattern, tokens, positions, startFrom[m]!, startEnd[m]!, scratch);
      if (spans.length === 0) continue;
      if (mt.kind === 'exception') {
        const ex = exceptions[mt.index]!;
        for (const span of spans) exceptionSpans.push({ span, suppresses: ex.suppresses });
      } else if (mt.kind === 'request') {
        for (const sp of spans) requestSpans.push({ index: mt.index, span: { start: sp.start, end: sp.end, literals: mt.literals } });
      } else {
        // (plain loops into arrays made here: arrays from map() and spread
        // pushes gave these call sites arrays of several shapes, and the
        // optimised screen() was thrown away for it again and again)
        let list = spansByRule.get(mt.index);
        if (list === undefined) {
          list = [];
          spansByRule.set(mt.index, list);
        }
        const first = list.length;
        for (const sp of spans) list.push({ start: sp.start, end: sp.end, literals: mt.literals });
        if (rules[mt.index]!.weight !== 0) scoreSpans.push({ ruleIndex: mt.index, span: list[first]! });
      }
    }

    function isSuppressed(span: Span, category: Category, ruleId: string): boolean {
      return exceptionSpans.some(
        (e) =>
          e.span.start < span.end && span.start < e.span.end &&
          (e.suppresses.length === 0 || e.suppresses.includes(category) || e.suppresses.includes(ruleId)),
      );
    }

    const raw: RawMatch[] = [];
    for (const [ruleIndex, spans] of spansByRule) {
      const rule = rules[ruleIndex]!;
      let best: RawMatch | null = null;
      for (const span of spans) {
        if (isSuppressed(span, rule.category, rule.id)) continue;
        const negated = isNegated(tokens, span, span.literals);
        let level: RuleLevel = rule.severity;
        if (level !== 'signal') {
          if (negated && rule.negation === 'lower') level = 'review';
          if (rule.laughter === 'lower') {
            const s = sentence[span.start]!;
            if (laughSentences.has(s) || laughSentences.has(s + 1)) level = 'review';
          }
        }
        const cand: RawMatch = { ruleIndex, span, level, negated };
        if (best === null || levelRank(cand.level) > levelRank(best.level) || (best.negated && !cand.negated && levelRank(cand.level) === levelRank(best.level))) {
          best = cand;
        }
      }
      if (best) raw.push(best);
    }

    // recent context: categories and rule ids seen recently
    const recentKeys = new Set<string>();
    for (const sig of context?.recent ?? []) {
      recentKeys.add(sig.category);
      if (sig.ruleId) recentKeys.add(sig.ruleId);
    }
    // (loops rather than map(): TurboFan's inlined map() gave its results a
    // different shape from the one recorded for the reads below, and the
    // optimised screen() bailed out on every message that got here)
    const levels: RuleLevel[] = [];
    for (const r of raw) levels.push(r.level);
    const withoutRecent: RuleLevel[] = [];
    const withRecent: RuleLevel[] = [];
    raw.forEach((r, i) => {
      withoutRecent.push(raiseLevel(r, i, false));
      withRecent.push(raiseLevel(r, i, true));
    });

    function raiseLevel(r: RawMatch, i: number, useRecent: boolean): RuleLevel {
      let level = levels[i]!;
      // A negated statement stays where negation put it (review); it is
      // still remembered, so it can raise a later message.
      if (r.negated) return level;
      const rule = rules[r.ruleIndex]!;
      for (const c of contextRules) {
        if (!c.now.includes(rule.category) && !c.now.includes(rule.id)) continue;
        if (c.except.includes(rule.id)) continue;
        // another, separate and non-negated statement in the same message
        const inMessage = raw.some((o, j) => {
          if (j === i || o.negated || !(o.span.end <= r.span.start || r.span.end <= o.span.start)) return false;
          const other = rules[o.ruleIndex]!;
          return c.recent.includes(other.category) || c.recent.includes(other.id);
        });
        const fromRecent = useRecent && c.recent.some((rc) => recentKeys.has(rc));
        if (inMessage || fromRecent) {
          if (level === 'signal' || RANK[c.raiseTo] > RANK[level]) level = c.raiseTo;
        }
      }
      return level;
    }

    /** The normalised words of a span, as shown to clinicians. */
    const spanText = (span: Span): string => {
      let out = '';
      for (let k = span.start; k < span.end; k++) out += k === span.start ? tokens[k]! : ` ${tokens[k]!}`;
      return out;
    };

    const toMatches = (lv: RuleLevel[]): ScreenMatch[] => {
      const out: ScreenMatch[] = [];
      raw.forEach((r, i) => {
        const level = lv[i]!;
        if (level === 'signal') return;
        const rule = rules[r.ruleIndex]!;
        out.push({
          ruleId: rule.id,
          category: rule.category,
          severity: level,
          matched: spanText(r.span),
          negated: r.negated,
        });
      });
      out.sort(
        (a, b) =>
          RANK[b.severity] - RANK[a.severity] ||
          CATEGORY_PRIORITY.indexOf(a.category) - CATEGORY_PRIORITY.indexOf(b.category),
      );
      return out;
    };

    // cumulative score: several weak signals in one message add up. Each
    // pattern counts once, and a stretch of text counts once (the heaviest
    // match over it), so one phrase never scores twice.
    let scoreMatch: ScreenMatch | null = null;
    if (scoreLevels.length > 0 && scoreSpans.length > 0) {
      const counted: { span: Span; w: number }[] = [];
      const cands: { ruleIndex: number; span: RuleSpan; w: number }[] = [];
      for (const c of scoreSpans) cands.push({ ruleIndex: c.ruleIndex, span: c.span, w: rules[c.ruleIndex]!.weight });
      cands.sort((a, b) => b.w - a.w || a.span.start - b.span.start);
      for (const c of cands) {
        const rule = rules[c.ruleIndex]!;
        if (isSuppressed(c.span, rule.category, rule.id) || isNegated(tokens, c.span, c.span.literals)) continue;
        if (counted.some((k) => k.span.start < c.span.end && c.span.start < k.span.end)) continue;
        counted.push({ span: c.span, w: c.w });
      }
      let score = 0;
      let positives = 0;
      for (const k of counted) {
        score += k.w;
        if (k.w > 0) positives++;
      }
      const level = scoreLevels.find((l) => score >= l.threshold && positives >= l.minRules);
      if (level) {
        const parts: { span: Span; w: number }[] = [];
        for (const k of counted) if (k.w > 0) parts.push(k);
        parts.sort((a, b) => a.span.start - b.span.start);
        let matched = '';
        parts.forEach((k, i) => {
          matched += i === 0 ? spanText(k.span) : ` + ${spanText(k.span)}`;
        });
        scoreMatch = { ruleId: level.id, category: level.category, severity: level.severity, matched, negated: false };
      }
    }
    const withScore = (ms: ScreenMatch[]): ScreenMatch[] => {
      if (scoreMatch === null) return ms;
      const out = [...ms, scoreMatch];
      out.sort(
        (a, b) =>
          RANK[b.severity] - RANK[a.severity] ||
          CATEGORY_PRIORITY.indexOf(a.category) - CATEGORY_PRIORITY.indexOf(b.category),
      );
      return out;
    };

    const baseMatches = withScore(toMatches(withoutRecent));
    const matches = withScore(toMatches(withRecent));
    const top = matches[0];
    const baseTop = baseMatches[0];
    const raisedByContext =
      top !== undefined && (baseTop === undefined || RANK[top.severity] > RANK[baseTop.severity]);

    const remember: ContextSignal[] = [];
    const seen = new Set<string>();
    raw.forEach((r) => {
      const rule = rules[r.ruleIndex]!;
      if (seen.has(rule.id)) return;
      seen.add(rule.id);
      remember.push({ category: rule.category, severity: r.level === 'signal' ? 'review' : r.level, ruleId: rule.id });
    });
    if (scoreMatch !== null) remember.push({ category: scoreMatch.category, severity: scoreMatch.severity, ruleId: scoreMatch.ruleId });

    // A request counts unless negated, or overlapping a negated reading of
    // itself: "i do not want to talk to anyone" also contains "talk to anyone".
    // A cue anywhere inside it counts too ("please do not call me"): unlike a
    // risk rule, where a wrongly dropped match could miss a crisis, a false
    // request tells someone who asked us not to call that we will.
    let request: string | null = null;
    const cueInside = (span: RuleSpan): boolean => {
      for (let k = span.start; k < span.end; k++) if (cues.has(tokens[k]!) && !span.literals.has(tokens[k]!)) return true;
      return false;
    };
    const negatedRequest = requestSpans.filter((q) => cueInside(q.span) || isNegated(tokens, q.span, q.span.literals));
    for (const q of requestSpans) {
      const id = requestIds[q.index]!;
      // only an exception that names the request (or all requests) cancels it
      if (exceptionSpans.some((e) => e.span.start < q.span.end && q.span.start < e.span.end && (e.suppresses.includes(id) || e.suppresses.includes('requests')))) continue;
      if (negatedRequest.some((n) => n.index === q.index && n.span.start < q.span.end && q.span.start < n.span.end)) continue;
      request = id;
      break;
    }

    return {
      alert: top !== undefined,
      category: top?.category ?? null,
      severity: top?.severity ?? null,
      matches,
      raisedByContext,
      remember,
      request,
      // the lexicon alone: a review-severity hit is a review, any other hit pages
      decision: top === undefined ? 'none' : top.severity === 'review' ? 'review' : 'alert',
      basis: top === undefined ? 'none' : 'rule',
      model: null,
    };
  }

  return { screen, version: lexicon.version };
}

/** A growable list of integers, reused from one message to the next. */
class IntList {
  data = new Int32Array(256);
  length = 0;
  /** Make room for `n` entries (the contents are not kept). */
  ensure(n: number): void {
    if (this.data.length < n) this.data = new Int32Array(Math.max(n, this.data.length * 2));
  }
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  /** Empty the list; the memory of an unusually long message (over 4 MB) is given back. */
  reset(): void {
    this.length = 0;
    if (this.data.length > 1 << 20) this.data = new Int32Array(256);
  }
}

/** What the screener knows about a word (see `words` in createScreener). */
interface WordInfo {
  filler: boolean;
  laughter: boolean;
  /** Matchers whose pattern can start at this word, in matcher order. */
  starts: readonly number[];
  /** Required-word groups this word belongs to. */
  groups: readonly number[];
  /** Generation of the last message that marked this word's groups. */
  seen: number;
}

/** Does `tok` pass any of `tests`? (A loop, not some(): no closure per token.) */
function passesAny(tests: readonly TokenTest[], tok: string): boolean {
  for (const t of tests) if (testToken(t, tok)) return true;
  return false;
}

/**
 * The first three characters of a word as a number, so the prefix index is
 * looked up without slicing a string per token. Prefixes are ASCII; -1 for a
 * word that starts otherwise (no prefix can match it).
 */
function prefixKey(w: string): number {
  const a = w.charCodeAt(0);
  const b = w.charCodeAt(1);
  const c = w.charCodeAt(2);
  return a < 128 && b < 128 && c < 128 ? (a << 14) | (b << 7) | c : -1;
}

function levelRank(l: RuleLevel): number {
  return l === 'signal' ? -1 : RANK[l];
}

