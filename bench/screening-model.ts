// Screener v2 figures (issue 14): lexicon / model / combined side by side on
// the held-out set (data/screening/heldout, when present), on the shared
// crisis-eval short sets (when present), and their cost. Figures only;
// never a test. Called from bench/screening.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCombinedScreener } from '../src/safety/screening/combined.js';
import { decide, DECISION_RANK } from '../src/safety/screening/decide.js';
import { loadModel } from '../src/safety/screening/model/load-model.js';
import { rocAuc } from '../src/safety/screening/model/cross-validate.js';
import { scoreText } from '../src/safety/screening/model/reading.js';
import type { Decision, Screener } from '../src/safety/screening/types.js';
import { printTable } from './table.js';

interface Line {
  id: string;
  lang: string;
  category: string;
  expect: 'alert' | 'review' | 'none';
  text: string;
}

/** Wilson score interval, 95%. */
export function wilson(k: number, n: number): string {
  if (n === 0) return '-';
  const z = 1.96;
  const p = k / n;
  const d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d;
  const h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return `${p.toFixed(3)} [${Math.max(0, c - h).toFixed(3)}-${Math.min(1, c + h).toFixed(3)}]`;
}

type Three = { lexicon: Decision; model: Decision; combined: Decision };

/** Load the model first thing in the suite's process, so the RSS it adds is not lost in the lexicon bench's garbage. */
export function loadForBench(root: string): { loaded: ReturnType<typeof loadModel>; rssAdded: number } {
  const rss0 = rssAfterGc();
  const loaded = loadModel(join(root, 'models', 'screener'));
  if (loaded.ok) scoreText(loaded.weights, 'warm up the scratch buffers');
  return { loaded, rssAdded: rssAfterGc() - rss0 };
}

export function modelBench(root: string, lexicon: Screener, evalDir: string, readLabelled: (f: string) => { text: string; label: 0 | 1 }[], pre: ReturnType<typeof loadForBench>): void {
  const { loaded, rssAdded } = pre;
  if (!loaded.ok) {
    console.log(`\nScreener model unavailable (${loaded.status.cause}): model figures skipped.`);
    return;
  }
  const combined = createCombinedScreener(lexicon, { ok: true, weights: loaded.weights, thresholds: loaded.header.thresholds });
  combined.screen('warm up the scratch buffers');
  const t = loaded.header.thresholds;
  const three = (text: string): Three => {
    const c = combined.screen(text);
    return { lexicon: lexicon.screen(text).decision, model: decide(null, c.model, t).decision, combined: c.decision };
  };
  console.log(`\nScreener model: ${loaded.header.variant}; ${(loaded.status.bytes / 1e6).toFixed(2)} MB; thresholds ${JSON.stringify(t)}`);
  heldOut(root, three);
  fixtures(root, three);
  crisisEval(evalDir, readLabelled, lexicon, combined, t);
  cost(lexicon, combined, loaded.loadMs, rssAdded, root);
}

function rssAfterGc(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

function heldOut(root: string, three: (t: string) => Three): void {
  const dir = join(root, 'data', 'screening', 'heldout');
  if (!existsSync(dir)) {
    console.log(`\nHeld-out set not present (${dir}): skipped.`);
    return;
  }
  const lines: Line[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const raw of readFileSync(join(dir, f), 'utf8').split('\n')) if (raw.trim()) lines.push(JSON.parse(raw) as Line);
  }
  const results = lines.map((l) => ({ l, d: three(l.text) }));
  const kinds = ['lexicon', 'model', 'combined'] as const;
  const caught = (d: Decision) => DECISION_RANK[d] > 0;
  const row = (name: string, set: typeof results): string[] => [name, String(set.length), ...kinds.map((k) => wilson(set.filter((r) => caught(r.d[k])).length, set.length))];
  const risk = results.filter((r) => r.l.expect !== 'none');
  const rows: string[][] = [['held-out: recall (alert or review)', 'n', 'lexicon', 'model', 'combined']];
  rows.push(row('all risk', risk), row('risk, en', risk.filter((r) => r.l.lang === 'en')), row('risk, es', risk.filter((r) => r.l.lang === 'es')));
  rows.push(row('expect alert: paged or review', risk.filter((r) => r.l.expect === 'alert')));
  const pagedRow = (name: string, set: typeof results): string[] => [name, String(set.length), ...kinds.map((k) => wilson(set.filter((r) => r.d[k] === 'alert').length, set.length))];
  rows.push(pagedRow('expect alert: paged', risk.filter((r) => r.l.expect === 'alert')));
  for (const c of [...new Set(risk.map((r) => r.l.category))].sort()) rows.push(row(`  ${c}`, risk.filter((r) => r.l.category === c)));
  printTable(`Held-out set (${lines.length} messages, frozen; 95% Wilson intervals)`, rows);
  const neg = results.filter((r) => r.l.expect === 'none');
  const nrows: string[][] = [['held-out hard negatives', 'n', 'lexicon pages', 'lexicon reviews', 'model pages', 'model reviews', 'combined pages', 'combined reviews']];
  const nrow = (name: string, set: typeof results) => [
    name,
    String(set.length),
    ...kinds.flatMap((k) => [wilson(set.filter((r) => r.d[k] === 'alert').length, set.length), wilson(set.filter((r) => r.d[k] === 'review').length, set.length)]),
  ];
  nrows.push(nrow('all', neg), nrow('en', neg.filter((r) => r.l.lang === 'en')), nrow('es', neg.filter((r) => r.l.lang === 'es')));
  for (const c of [...new Set(neg.map((r) => r.l.category))].sort()) nrows.push(nrow(`  ${c}`, neg.filter((r) => r.l.category === c)));
  printTable('Held-out hard negatives: pages and reviews (95% Wilson intervals)', nrows);
}

/** The project's chat fixtures (never used in training): everyday and ordinary messages should open nothing. */
function fixtures(root: string, three: (t: string) => Three): void {
  const dir = join(root, 'test', 'fixtures', 'screening');
  const rows: string[][] = [['chat fixture', 'n', 'lexicon cases', 'model cases', 'combined pages', 'combined reviews']];
  for (const f of ['everyday-chat.txt', 'chat-ordinary.txt', 'chat-crisis.txt']) {
    const file = join(dir, f);
    if (!existsSync(file)) continue;
    const texts = readFileSync(file, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => (l.startsWith('? ') ? l.slice(2) : l).replace(/^\[[^\]]*\]\s*/, ''));
    const d = texts.map(three);
    const count = (k: keyof Three, which: (x: Decision) => boolean) => String(d.filter((x) => which(x[k])).length);
    rows.push([f, String(texts.length), count('lexicon', (x) => x !== 'none'), count('model', (x) => x !== 'none'), count('combined', (x) => x === 'alert'), count('combined', (x) => x === 'review')]);
  }
  printTable('Chat fixtures (test/fixtures/screening): cases opened', rows);
}

function crisisEval(evalDir: string, readLabelled: (f: string) => { text: string; label: 0 | 1 }[], lexicon: Screener, combined: Screener, t: import('../src/safety/screening/model/thresholds.js').DecisionThresholds): void {
  if (!existsSync(evalDir)) return;
  const rows: string[][] = [['set (short)', 'n', 'pos', 'lexicon recall/FPR', 'combined recall/FPR', 'model recall @lexicon FPR', 'combined recall @lexicon FPR', 'model AUC', 'combined AUC']];
  for (const f of readdirSync(evalDir).filter((f) => f.endsWith('_short.csv')).sort()) {
    const data = readLabelled(join(evalDir, f));
    const labels = data.map((d) => d.label === 1);
    const lex = data.map((d) => lexicon.screen(d.text).alert);
    const comb = data.map((d) => combined.screen(d.text));
    const risk = comb.map((c) => c.model?.risk ?? 0);
    // combined as a score: the decision's tier, ties broken by the model's risk
    const combScore = comb.map((c) => DECISION_RANK[c.decision] + (c.model?.risk ?? 0));
    const rf = (hits: boolean[]) => {
      let tp = 0;
      let fp = 0;
      hits.forEach((h, i) => (h ? (labels[i] ? tp++ : fp++) : 0));
      const pos = labels.filter(Boolean).length;
      return { recall: tp / pos, fpr: fp / (labels.length - pos) };
    };
    const l = rf(lex);
    const c = rf(comb.map((x) => x.alert));
    const atFpr = (scores: number[]) => {
      // highest recall whose FPR does not exceed the lexicon's
      const negs = scores.filter((_, i) => !labels[i]).sort((a, b) => b - a);
      const allowed = Math.floor(l.fpr * negs.length);
      const cut = allowed < negs.length ? negs[allowed]! : -Infinity;
      return rf(scores.map((s) => s > cut)).recall;
    };
    rows.push([
      f.replace(/\.csv$/, ''),
      String(data.length),
      String(labels.filter(Boolean).length),
      `${l.recall.toFixed(3)} / ${l.fpr.toFixed(3)}`,
      `${c.recall.toFixed(3)} / ${c.fpr.toFixed(3)}`,
      atFpr(risk).toFixed(3),
      atFpr(combScore).toFixed(3),
      rocAuc(risk, labels).toFixed(3),
      rocAuc(combScore, labels).toFixed(3),
    ]);
  }
  void t;
  printTable('Shared crisis-eval short sets (measurement only; alert or review counts as positive)', rows);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

function cost(lexicon: Screener, combined: Screener, loadMs: number, rssAdded: number, root: string): void {
  const texts: string[] = [];
  const dir = join(root, 'data', 'screening', 'train', 'en');
  if (existsSync(dir)) for (const f of readdirSync(dir).sort()) for (const raw of readFileSync(join(dir, f), 'utf8').split('\n')) if (raw.trim()) texts.push((JSON.parse(raw) as Line).text);
  if (texts.length === 0) texts.push('how are you today', 'i want to die', 'the traffic is killing me lol');
  const sample = texts.slice(0, 2000);
  const time = (s: Screener) => {
    for (const t of sample.slice(0, 300)) s.screen(t);
    const each: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const t of sample) {
        const t0 = process.hrtime.bigint();
        s.screen(t);
        each.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    return { mean: each.reduce((a, b) => a + b, 0) / each.length, p99: percentile(each, 0.99), max: Math.max(...each) };
  };
  const l = time(lexicon);
  const c = time(combined);
  // the context path: three earlier messages read with this one
  const ctx = { recent: [], recentTexts: sample.slice(0, 3).map((text) => ({ text, decision: 'none' as Decision })) };
  const withCtx: number[] = [];
  for (const t of sample.slice(0, 1000)) {
    const t0 = process.hrtime.bigint();
    combined.screen(t, ctx);
    withCtx.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  printTable(`Cost per message, one at a time (${sample.length} corpus messages x 3, same run)`, [
    ['', 'mean ms', 'p99 ms', 'max ms'],
    ['lexicon alone', l.mean.toFixed(4), l.p99.toFixed(4), l.max.toFixed(3)],
    ['combined (lexicon + model)', c.mean.toFixed(4), c.p99.toFixed(4), c.max.toFixed(3)],
    ['combined with 3 messages of context', (withCtx.reduce((a, b) => a + b, 0) / withCtx.length).toFixed(4), percentile(withCtx, 0.99).toFixed(4), Math.max(...withCtx).toFixed(3)],
    ['ratio combined / lexicon', (c.mean / l.mean).toFixed(2), (c.p99 / l.p99).toFixed(2), ''],
  ]);
  console.log(`Model load (read, SHA-256, decode): ${loadMs.toFixed(1)} ms; RSS added by the model: ${(rssAdded / 1e6).toFixed(1)} MB`);
}
