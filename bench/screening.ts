// Crisis-screener benchmark: recall and false-positive rate on the labelled
// sets in ../shared/crisis-eval (when present) side by side with the research
// lexicon matched the plain way, throughput, and worst-case latency on
// adversarial inputs up to 100,000 characters. Figures only; never a test.
//
//   node --import tsx bench/screening.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createScreener, loadLexicon, type Screener } from '../src/safety/screening/index';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EVAL_DIR = resolve(ROOT, '../shared/crisis-eval');
const BASELINE = join(EVAL_DIR, 'baseline', 'construct_tracker_suicide_lexicon_core.csv');
const LEXICON = join(ROOT, 'prompts', 'safety', 'lexicon.yaml');

/** RFC 4180-ish CSV: quoted fields, doubled quotes, newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
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

function evaluate(screener: Screener, baseline: ((t: string) => boolean) | null, name: string, data: Labelled[]): Row {
  let pos = 0, neg = 0, tp = 0, fp = 0, tpHi = 0, fpHi = 0, btp = 0, bfp = 0;
  let hPos = 0, hNeg = 0, hTp = 0, hFp = 0;
  data.forEach(({ text, label }, i) => {
    const r = screener.screen(text);
    if (i % 2 === 1) {
      if (label === 1) {
        hPos++;
        if (r.alert) hTp++;
      } else {
        hNeg++;
        if (r.alert) hFp++;
      }
    }
    const hi = r.alert && r.severity !== 'review';
    const b = baseline ? baseline(text) : false;
    if (label === 1) {
      pos++;
      if (r.alert) tp++;
      if (hi) tpHi++;
      if (b) btp++;
    } else {
      neg++;
      if (r.alert) fp++;
      if (hi) fpHi++;
      if (b) bfp++;
    }
  });
  return {
    set: name,
    n: data.length,
    positives: pos,
    'ours recall': f3(tp / pos),
    'ours FPR': f3(fp / neg),
    'ours recall, held-out half': f3(hTp / hPos),
    'ours FPR, held-out half': f3(hFp / hNeg),
    'ours recall (≥moderate)': f3(tpHi / pos),
    'ours FPR (≥moderate)': f3(fpHi / neg),
    'lexicon recall': baseline ? f3(btp / pos) : '-',
    'lexicon FPR': baseline ? f3(bfp / neg) : '-',
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
  console.log(`max ${max.toFixed(2)} ms wall, ${maxCpu.toFixed(2)} ms CPU ${max <= 50 ? '(within target)' : maxCpu <= 50 ? '(wall over target, CPU within: a loaded machine? rerun when quiet)' : '(OVER TARGET)'}; first full-size runs: max ${maxFirst.toFixed(2)} ms wall`);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  bench().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
