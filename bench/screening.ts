// Crisis-screener benchmark: recall and false-positive rate on the labelled
// sets in ../shared/crisis-eval (when present) side by side with the research
// lexicon matched the plain way, throughput, and worst-case latency on
// adversarial inputs up to 100,000 characters. Figures only; never a test.
//
//   node --import tsx bench/screening.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createScreener, loadLexicon, type Screener } from '../src/safety/screening/index.js';
import { readScreeningFixture } from '../test/fixtures/screening/fixture.js';
import { createCombinedScreener } from '../src/safety/screening/combined.js';
import { loadModelForScreening } from '../src/safety/screening/model/load-model.js';
import { loadForBench, modelBench } from './screening-model.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EVAL_DIR = resolve(ROOT, '../shared/crisis-eval');
const BASELINE = join(EVAL_DIR, 'baseline', 'construct_tracker_suicide_lexicon_core.csv');
const LEXICON = join(ROOT, 'prompts', 'safety', 'lexicon.yaml');

/**
 * RFC 4180-ish CSV: quoted fields, doubled quotes, newlines inside quotes.
 * Fields are sliced out of the text rather than built a character at a
 * time: the eval files are 8 M characters, and per-character strings left
 * hundreds of MB of garbage whose collection landed in the latency figures.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    // a quoted start: the pieces between doubled quotes, joined once
    let quoted = '';
    if (text[i] === '"') {
      const parts: string[] = [];
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) {
          parts.push(text.slice(from));
          i = n;
          break;
        }
        parts.push(text.slice(from, q));
        if (text[q + 1] !== '"') {
          i = q + 1;
          break;
        }
        parts.push('"');
        from = q + 2;
      }
      quoted = parts.join('');
    }
    // the rest up to the separator (a stray quote here is kept as written)
    let j = i;
    while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '\r') j++;
    const field = quoted + text.slice(i, j);
    i = j;
    row.push(field);
    const c = text[i];
    if (c === ',') {
      i++;
      if (i === n) row.push('');
    } else if (c === '\n' || c === '\r') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      rows.push(row);
      row = [];
    }
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

interface Labelled {
  text: string;
  label: 0 | 1;
}

function readLabelled(file: string): Labelled[] {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows.shift() ?? [];
  const ti = header.indexOf('text');
  const li = header.indexOf('label');
  return rows
    .filter((r) => r.length > Math.max(ti, li))
    .map((r) => ({ text: r[ti]!, label: r[li]!.trim() === '1' ? 1 : 0 }));
}

/** The research lexicon "the plain way": case-insensitive, whole words, apostrophes optional, any whitespace. */
function baselineMatcher(file: string): (text: string) => boolean {
  const rows = parseCsv(readFileSync(file, 'utf8'));
  const header = rows.shift() ?? [];
  const col = header.indexOf('token');
  const phrases = rows.map((r) => (r[col] ?? '').trim()).filter((p) => p.length > 0);
  const parts = phrases.map((p) =>
    p
      .split(/\s+/)
      .map((w) =>
        w
          .replace(/[’‘']/g, '\u0000')
          .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          .replace(/\u0000/g, "['’]?"),
      )
      .join('\\s+'),
  );
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${parts.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
  return (text) => re.test(text);
}

interface Row {
  set: string;
  n: number;
  positives: number;
  'ours recall': string;
  'ours FPR': string;
  /** Odd rows only: the half never read while the 2025.3 rules were written (see docs/OPERATIONS.md). */
  'ours recall, held-out half': string;
  'ours FPR, held-out half': string;
  'ours recall (≥moderate)': string;
  'ours FPR (≥moderate)': string;
  'lexicon recall': string;
  'lexicon FPR': string;
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '-');

/** Hits among positives and among negatives: recall and false-positive rate. */
class Tally {
  private pos = 0;
  private neg = 0;
  private tp = 0;
  private fp = 0;
  add(label: 0 | 1, hit: boolean): void {
    if (label === 1) {
      this.pos++;
      if (hit) this.tp++;
    } else {
      this.neg++;
      if (hit) this.fp++;
    }
  }
  get positives(): number {
    return this.pos;
  }
  recall(): string {
    return f3(this.tp / this.pos);
  }
  fpr(): string {
    return f3(this.fp / this.neg);
  }
}

function evaluate(screener: Screener, baseline: ((t: string) => boolean) | null, name: string, data: Labelled[]): Row {
  const ours = new Tally();
  const heldOut = new Tally();
  const oursHi = new Tally();
  const lexicon = new Tally();
  data.forEach(({ text, label }, i) => {
    const r = screener.screen(text);
    ours.add(label, r.alert);
    // odd rows: never read while rules were written (docs/OPERATIONS.md)
    if (i % 2 === 1) heldOut.add(label, r.alert);
    oursHi.add(label, r.alert && r.severity !== 'review');
    if (baseline) lexicon.add(label, baseline(text));
  });
  return {
    set: name,
    n: data.length,
    positives: ours.positives,
    'ours recall': ours.recall(),
    'ours FPR': ours.fpr(),
    'ours recall, held-out half': heldOut.recall(),
    'ours FPR, held-out half': heldOut.fpr(),
    'ours recall (≥moderate)': oursHi.recall(),
    'ours FPR (≥moderate)': oursHi.fpr(),
    'lexicon recall': baseline ? lexicon.recall() : '-',
    'lexicon FPR': baseline ? lexicon.fpr() : '-',
  };
}

/** Deterministic pseudo-random numbers so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

function repeatTo(unit: string, n: number): string {
  return unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
}

export function adversarialInputs(size = 100_000): { name: string; text: string }[] {
  const r = rng(42);
  let printable = '';
  for (let i = 0; i < size; i++) printable += String.fromCharCode(32 + Math.floor(r() * 95));
  let words = '';
  const vocab = ['i', 'want', 'to', 'not', 'kill', 'my', 'self', 'die', 'how', 'many', 'pills', 'the', 'a', 'tonight', 'so', 'tired'];
  while (words.length < size) words += vocab[Math.floor(r() * vocab.length)]! + ' ';
  let binary = '';
  for (let i = 0; i < size; i++) binary += String.fromCharCode(Math.floor(r() * 256));
  let unicode = '';
  for (let i = 0; i < size / 2; i++) unicode += String.fromCodePoint(Math.floor(r() * 0x2ffff));
  return [
    { name: 'random printable ASCII', text: printable },
    { name: 'random risk words', text: words.slice(0, size) },
    { name: 'binary junk (bytes 0-255)', text: binary },
    { name: 'random code points', text: unicode.slice(0, size) },
    { name: 'repeated near-match "i want to "', text: repeatTo('i want to ', size) },
    { name: 'repeated "i am not going to "', text: repeatTo('i am not going to ', size) },
    { name: 'repeated "how many "', text: repeatTo('how many ', size) },
    { name: 'repeated full match', text: repeatTo('i want to kill myself tonight. ', size) },
    { name: 'spaced letters "k i l l "', text: repeatTo('k i l l ', size) },
    { name: 'dotted letters "a.a.a."', text: repeatTo('a.', size) },
    { name: 'one 100k-letter word', text: 'a'.repeat(size) },
    { name: 'stretched "diiii..."', text: `d${'i'.repeat(size - 2)}e` },
    { name: 'leet "k1ll3r$"', text: repeatTo('k1ll3r$', size) },
    { name: 'Slack brackets "<<<<|"', text: repeatTo('<@U1|<', size) },
    { name: 'spoilers "||"', text: repeatTo('||x', size) },
    { name: 'zero-width flood', text: repeatTo('k\u200bi\u200bl\u200bl ', size) },
    { name: 'emoji flood 💊🔪💀', text: repeatTo('💊🔪💀', size) },
    { name: 'numbers "190/120 "', text: repeatTo('190/120 over ', size) },
    { name: 'newlines and quotes', text: repeatTo('>\n', size) },
  ];
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export async function bench(): Promise<void> {
  const pre = loadForBench(ROOT);
  const screener = createScreener(loadLexicon(LEXICON));
  console.log(`\nCrisis screener (lexicon version ${screener.version})`);

  const corpus: string[] = [];
  if (!existsSync(EVAL_DIR)) {
    console.log(`Skipping recall/FPR: ${EVAL_DIR} is not present.`);
  } else {
    const baseline = existsSync(BASELINE) ? baselineMatcher(BASELINE) : null;
    if (!baseline) console.log(`Baseline lexicon not found at ${BASELINE}; its columns are empty.`);
    const files = readdirSync(EVAL_DIR).filter((f) => f.endsWith('.csv')).sort();
    const rows: Row[] = [];
    for (const f of files) {
      const data = readLabelled(join(EVAL_DIR, f));
      rows.push(evaluate(screener, baseline, f.replace(/\.csv$/, ''), data));
      if (f.includes('_short')) for (const d of data) corpus.push(d.text);
    }
    console.log('Recall / false-positive rate (alert at any severity counts as positive; "≥moderate" leaves out review-only alerts)');
    console.table(rows);
  }

  // Our own chat fixtures (test/fixtures/screening): everyday messages the
  // tests hold at zero alerts, and two sets written by a team member who had
  // not read the lexicon ("? " lines are known misses, counted here). The
  // labelled sets' negatives are teen posts and tweets, so their FPR says
  // little about a clinic's false alarms.
  const tally = (name: string) => {
    const lines = readScreeningFixture(name);
    return `${lines.filter((l) => screener.screen(l.text).alert).length} of ${lines.length}`;
  };
  console.log(`Everyday chat (everyday-chat.txt): ${tally('everyday-chat.txt')} alert`);
  console.log(`Chat-like crisis messages (chat-crisis.txt): ${tally('chat-crisis.txt')} alert; ordinary (chat-ordinary.txt): ${tally('chat-ordinary.txt')} alert`);

  // throughput
  if (corpus.length === 0) {
    const samples = ['how are you today', 'I had my session yesterday and felt calm', 'i want to die', 'the traffic is killing me lol', 'my bp is 150/95'];
    for (let i = 0; i < 2000; i++) corpus.push(samples[i % samples.length]!);
  }
  for (let i = 0; i < Math.min(corpus.length, 500); i++) screener.screen(corpus[i]!); // warm-up
  let count = 0;
  let chars = 0;
  const ms = time(() => {
    for (let round = 0; round < 3; round++) {
      for (const t of corpus) {
        screener.screen(t);
        count++;
        chars += t.length;
      }
    }
  });
  console.log('Throughput');
  console.table([{ messages: count, 'mean chars': Math.round(chars / count), 'ms': Math.round(ms), 'msgs/s': Math.round((count / ms) * 1000) }]);

  // Worst-case latency, measured warm (as in a running bot): the inputs at
  // 2,000 characters, then one pass at full size whose times are shown in a
  // column of their own (the first long messages make the JIT compile and
  // recompile their paths, on helper threads too), then every input RUNS
  // times, the worst kept for the target. CPU time beside wall time: on a
  // shared, loaded machine the wall clock also counts the time this process
  // waited for a core, and CPU time counts the compiler's and the garbage
  // collector's helper threads.
  const RUNS = 5;
  for (const { text } of adversarialInputs(2_000)) screener.screen(text);
  const inputs = adversarialInputs();
  // worst-case inputs through what the bot runs: lexicon and model together
  const model = loadModelForScreening(join(ROOT, 'models', 'screener'));
  if (model.ok) {
    const combined = createCombinedScreener(screener, model);
    for (const { text } of adversarialInputs(2_000)) combined.screen(text);
    const worst = inputs.map(({ name, text }) => {
      let w = 0;
      for (let i = 0; i < 3; i++) w = Math.max(w, time(() => combined.screen(text)));
      return { input: name, 'combined worst ms (of 3)': Number(w.toFixed(2)) };
    });
    console.log('Worst-case inputs through lexicon + model (target ≤ 100 ms)');
    console.table(worst);
  }
  const firstRun = inputs.map(({ text }) => time(() => screener.screen(text)));
  const lat = inputs.map(({ name, text }, k) => {
    let worst = 0;
    let worstCpu = 0;
    for (let i = 0; i < RUNS; i++) {
      const c0 = process.cpuUsage();
      worst = Math.max(worst, time(() => screener.screen(text)));
      const c = process.cpuUsage(c0);
      worstCpu = Math.max(worstCpu, (c.user + c.system) / 1000);
    }
    return {
      input: name,
      chars: text.length,
      'first run ms': Number(firstRun[k]!.toFixed(2)),
      [`worst ms (of ${RUNS})`]: Number(worst.toFixed(2)),
      'worst CPU ms': Number(worstCpu.toFixed(2)),
      worst,
      worstCpu,
    };
  });
  const max = lat.reduce((m, r) => Math.max(m, r.worst), 0);
  const maxCpu = lat.reduce((m, r) => Math.max(m, r.worstCpu), 0);
  const maxFirst = firstRun.reduce((m, t) => Math.max(m, t), 0);
  console.log('Worst-case latency on adversarial inputs (target: every input ≤ 50 ms)');
  console.table(lat.map(({ worst: _w, worstCpu: _c, ...row }) => row));
  // The target is "no input": a first full-size run over 50 ms is a miss too, only a named one.
  const verdict =
    max > 50 ? (maxCpu <= 50 ? '(wall over target, CPU within: a loaded machine? rerun when quiet)' : '(OVER TARGET)')
    : maxFirst > 50 ? '(warm runs within target; a first full-size run over it)'
    : '(within target, first runs included)';
  console.log(`max ${max.toFixed(2)} ms wall, ${maxCpu.toFixed(2)} ms CPU; first full-size runs: max ${maxFirst.toFixed(2)} ms wall ${verdict}`);

  modelBench(ROOT, screener, EVAL_DIR, readLabelled, pre);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  bench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
