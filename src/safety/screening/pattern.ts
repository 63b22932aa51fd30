// The lexicon's phrase-pattern language, compiled to a small token NFA and
// run with a Pike VM (Thompson simulation): time is O(tokens x states) per
// rule, whatever the pattern, so there is no catastrophic backtracking.
//
// Grammar (tokens are the normaliser's canonical words):
//   word        the token `word`
//   word*       any token starting with `word` (at least 3 letters before *)
//   @name       a class from the lexicon's `classes` (itself a pattern)
//   (a b|c|d)   alternatives; each alternative is a sequence
//   [a b|c]     optional group; `x?` or `(a|b)?` also makes the item optional
//   ~N          a gap of 0..N tokens (N <= 8) that never crosses a sentence end
//   #num        a number; #num(10,999) a number in a range
//   #qty        a number with or without a unit (800mg, 20, 2.5mg)
//   #bp(180,120)  a blood-pressure reading "190/120" at or above either bound
import { BOUNDARY } from './normalize.js';

export type TokenTest =
  | { kind: 'lit'; word: string }
  | { kind: 'prefix'; prefix: string }
  | { kind: 'num'; min: number; max: number }
  | { kind: 'qty' }
  | { kind: 'bp'; sys: number; dia: number }
  | { kind: 'any' };

type Node =
  | { type: 'tok'; test: TokenTest }
  | { type: 'seq'; items: Node[] }
  | { type: 'alt'; options: Node[] }
  | { type: 'opt'; node: Node }
  | { type: 'gap'; max: number };

export class PatternError extends Error {}

const MAX_GAP = 8;
const MAX_EXPANSION_DEPTH = 8;

function lex(src: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '(' && cur.startsWith('#')) {
      // #num(1,2): keep the arguments attached
      const close = src.indexOf(')', i);
      if (close < 0) throw new PatternError(`unclosed "(" after ${cur}`);
      cur += src.slice(i, close + 1);
      i = close;
      continue;
    }
    if (c === '(' || c === ')' || c === '[' || c === ']' || c === '|' || c === '?') {
      if (cur) out.push(cur);
      cur = '';
      out.push(c);
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (cur) out.push(cur);
      cur = '';
    } else {
      cur += c;
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Parse a pattern; `classes` are expanded in place (`@name`). */
export function parsePattern(src: string, classes: Record<string, string>, depth = 0): Node {
  if (depth > MAX_EXPANSION_DEPTH) throw new PatternError('classes nest too deeply (a class refers to itself?)');
  const toks = lex(src.trim().toLowerCase());
  let pos = 0;

  const parseAlt = (closer: string | null): Node => {
    const options: Node[] = [parseSeq()];
    while (toks[pos] === '|') {
      pos++;
      options.push(parseSeq());
    }
    if (closer !== null) {
      if (toks[pos] !== closer) throw new PatternError(`expected "${closer}" in "${src}"`);
      pos++;
    }
    return options.length === 1 ? options[0]! : { type: 'alt', options };
  };
  const parseSeq = (): Node => {
    const items: Node[] = [];
    while (pos < toks.length && toks[pos] !== '|' && toks[pos] !== ')' && toks[pos] !== ']') {
      const t = toks[pos++]!;
      if (t === '?') throw new PatternError(`"?" must follow a word or group in "${src}"`);
      if (t === '(') items.push(parseAlt(')'));
      else if (t === '[') items.push({ type: 'opt', node: parseAlt(']') });
      else items.push(parseAtom(t));
      if (toks[pos] === '?') {
        pos++;
        items[items.length - 1] = { type: 'opt', node: items[items.length - 1]! };
      }
    }
    if (items.length === 0) throw new PatternError(`empty sequence in "${src}"`);
    return items.length === 1 ? items[0]! : { type: 'seq', items };
  };
  const parseAtom = (t: string): Node => {
    if (t.startsWith('~')) {
      const n = Number(t.slice(1));
      if (!Number.isInteger(n) || n < 1 || n > MAX_GAP) throw new PatternError(`gap "${t}" must be ~1..~${MAX_GAP}`);
      return { type: 'gap', max: n };
    }
    if (t.startsWith('@')) {
      const name = t.slice(1);
      const body = classes[name];
      if (body === undefined) throw new PatternError(`unknown class "@${name}"`);
      return parsePattern(body, classes, depth + 1);
    }
    if (t.startsWith('#')) {
      const m = /^#(num|qty|bp)(?:\((\d+(?:\.\d+)?),(\d+(?:\.\d+)?)\))?$/.exec(t);
      if (!m) throw new PatternError(`unknown number slot "${t}" (use #num, #num(a,b), #qty, #bp(s,d))`);
      const a = m[2] === undefined ? undefined : Number(m[2]);
      const b = m[3] === undefined ? undefined : Number(m[3]);
      if (m[1] === 'num') return { type: 'tok', test: { kind: 'num', min: a ?? 0, max: b ?? Infinity } };
      if (m[1] === 'qty') return { type: 'tok', test: { kind: 'qty' } };
      if (a === undefined || b === undefined) throw new PatternError('#bp needs bounds: #bp(180,120)');
      return { type: 'tok', test: { kind: 'bp', sys: a, dia: b } };
    }
    if (t.endsWith('*')) {
      const prefix = t.slice(0, -1);
      if (!/^[a-z][a-z0-9]{2,}$/.test(prefix)) throw new PatternError(`prefix "${t}" needs 3+ letters`);
      return { type: 'tok', test: { kind: 'prefix', prefix } };
    }
    if (!/^[a-z0-9][a-z0-9/]*$/.test(t)) throw new PatternError(`bad word "${t}" (lower-case letters and digits only)`);
    return { type: 'tok', test: { kind: 'lit', word: t } };
  };

  const node = parseAlt(null);
  if (pos !== toks.length) throw new PatternError(`unexpected "${toks[pos]}" in "${src}"`);
  return node;
}

// ---------------------------------------------------------------------------
// NFA

type Inst =
  | { op: 'tok'; test: TokenTest; next: number }
  | { op: 'split'; a: number; b: number }
  | { op: 'match' };

/**
 * A compiled pattern as parallel typed arrays, indexed by pc: the VM's inner
 * loop then reads plain numbers instead of instruction objects of four
 * different shapes (property access on those was most of its time).
 */
export interface Program {
  op: Uint8Array;
  /** tok: the next pc; split: the preferred branch. */
  x: Int32Array;
  /** split: the other branch. */
  y: Int32Array;
  /** tok: how the token is tested (T_LIT, T_PREFIX, T_ANY or T_OTHER for testToken). */
  kind: Uint8Array;
  /** tok: the word (T_LIT) or prefix (T_PREFIX); '' otherwise. */
  word: string[];
  /** tok: the test, for T_OTHER. */
  test: (TokenTest | null)[];
  /**
   * For each pc a thread can be added at (the start and each tok's next pc):
   * the tok and match instructions reachable from it through splits and
   * jumps, in priority order, at closure[closureFrom[pc]..closureFrom[pc + 1]).
   * Following the splits once here rather than at every step was most of the
   * VM's time on patterns with long alternations.
   */
  closureFrom: Int32Array;
  closure: Int32Array;
  /**
   * For a closure with many word tests (LIT_INDEX_MIN or more): those tests
   * by word, kept out of `closure`. Only the next token's word can pass, and
   * the order of one closure's leaves does not change what the VM finds
   * (they all carry the same start), so they need not stay in order.
   */
  litIndex: (ReadonlyMap<string, Int32Array> | undefined)[];
}

const LIT_INDEX_MIN = 8;

const OP_MATCH = 0;
const OP_TOK = 1;
const OP_SPLIT = 2;
const T_LIT = 0;
const T_PREFIX = 1;
const T_ANY = 2;
const T_OTHER = 3;

function toProgram(insts: Inst[], start: number): Program {
  const n = insts.length;
  const prog: Program = {
    op: new Uint8Array(n),
    x: new Int32Array(n),
    y: new Int32Array(n),
    kind: new Uint8Array(n),
    word: new Array<string>(n).fill(''),
    test: new Array<TokenTest | null>(n).fill(null),
    closureFrom: new Int32Array(n + 1),
    closure: new Int32Array(0),
    litIndex: new Array<ReadonlyMap<string, Int32Array> | undefined>(n).fill(undefined),
  };
  insts.forEach((ins, pc) => {
    switch (ins.op) {
      case 'match':
        prog.op[pc] = OP_MATCH;
        break;
      case 'tok': {
        prog.op[pc] = OP_TOK;
        prog.x[pc] = ins.next;
        const t = ins.test;
        if (t.kind === 'lit') {
          prog.kind[pc] = T_LIT;
          prog.word[pc] = t.word;
        } else if (t.kind === 'prefix') {
          prog.kind[pc] = T_PREFIX;
          prog.word[pc] = t.prefix;
        } else if (t.kind === 'any') prog.kind[pc] = T_ANY;
        else {
          prog.kind[pc] = T_OTHER;
          prog.test[pc] = t;
        }
        break;
      }
      case 'split':
        prog.op[pc] = OP_SPLIT;
        prog.x[pc] = ins.a;
        prog.y[pc] = ins.b;
        break;
    }
  });

  // closures, by the same depth-first walk the VM used to do at every step
  const { op, x, y } = prog;
  const isTarget = new Uint8Array(n);
  isTarget[start] = 1;
  for (let pc = 0; pc < n; pc++) if (op[pc] === OP_TOK) isTarget[x[pc]!] = 1;
  const leaves: number[] = [];
  const seen = new Int32Array(n).fill(-1);
  for (let pc0 = 0; pc0 < n; pc0++) {
    prog.closureFrom[pc0] = leaves.length;
    if (!isTarget[pc0]) continue;
    const found: number[] = [];
    const stack = [pc0];
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (seen[pc] === pc0) continue;
      seen[pc] = pc0;
      if (op[pc] === OP_SPLIT) stack.push(y[pc]!, x[pc]!); // x has priority: pushed last, taken first
      else found.push(pc);
    }
    // A long alternation of words: index its word tests by word, so adding a
    // thread looks up the next token instead of trying every alternative.
    const isLit = (pc: number) => op[pc] === OP_TOK && prog.kind[pc] === T_LIT;
    if (found.filter(isLit).length >= LIT_INDEX_MIN) {
      const byWord = new Map<string, number[]>();
      for (const pc of found) {
        if (!isLit(pc)) leaves.push(pc);
        else {
          const list = byWord.get(prog.word[pc]!) ?? [];
          list.push(pc);
          byWord.set(prog.word[pc]!, list);
        }
      }
      prog.litIndex[pc0] = new Map([...byWord].map(([w, pcs]) => [w, Int32Array.from(pcs)]));
    } else leaves.push(...found);
  }
  prog.closureFrom[n] = leaves.length;
  prog.closure = Int32Array.from(leaves);
  return prog;
}

export interface CompiledPattern {
  program: Program;
  start: number;
  /** Token tests that can begin a match (for the first-token index). */
  firsts: TokenTest[];
  /**
   * Word groups of which the message must contain at least one word each for
   * a match to be possible: a cheap pre-filter that keeps common openings
   * ("i ...") from waking every pattern.
   */
  required: string[][];
}

/** See CompiledPattern.required. */
function requiredGroups(n: Node): string[][] {
  switch (n.type) {
    case 'tok':
      return n.test.kind === 'lit' ? [[n.test.word]] : [];
    case 'seq':
      return n.items.flatMap(requiredGroups);
    case 'alt': {
      const union: string[] = [];
      for (const o of n.options) {
        const g = requiredGroups(o);
        if (g.length === 0) return [];
        // the option's most selective group (fewest words)
        let best = g[0]!;
        for (const x of g) if (x.length < best.length) best = x;
        union.push(...best);
      }
      return [Array.from(new Set(union))];
    }
    case 'opt':
    case 'gap':
      return [];
  }
}

export function compileNode(node: Node): CompiledPattern {
  const insts: Inst[] = [];
  // Emit code for `node` that continues at `next`; return its entry pc.
  // Built back to front so every `next` is known.
  const emit = (n: Node, next: number): number => {
    switch (n.type) {
      case 'tok':
        insts.push({ op: 'tok', test: n.test, next });
        return insts.length - 1;
      case 'seq': {
        let pc = next;
        for (let i = n.items.length - 1; i >= 0; i--) pc = emit(n.items[i]!, pc);
        return pc;
      }
      case 'alt': {
        const entries = n.options.map((o) => emit(o, next));
        let pc = entries[entries.length - 1]!;
        for (let i = entries.length - 2; i >= 0; i--) {
          insts.push({ op: 'split', a: entries[i]!, b: pc });
          pc = insts.length - 1;
        }
        return pc;
      }
      case 'opt': {
        const body = emit(n.node, next);
        insts.push({ op: 'split', a: body, b: next });
        return insts.length - 1;
      }
      case 'gap': {
        // (any (any (...)?)?)? — prefer the shortest gap
        let pc = next;
        for (let i = 0; i < n.max; i++) {
          insts.push({ op: 'tok', test: { kind: 'any' }, next: pc });
          const anyPc = insts.length - 1;
          insts.push({ op: 'split', a: next, b: anyPc });
          pc = insts.length - 1;
        }
        return pc;
      }
    }
  };
  insts.push({ op: 'match' });
  const start = emit(node, 0);

  const firsts: TokenTest[] = [];
  const seen = new Set<number>();
  const walk = (pc: number) => {
    if (seen.has(pc)) return;
    seen.add(pc);
    const ins = insts[pc]!;
    if (ins.op === 'tok') firsts.push(ins.test);
    else if (ins.op === 'split') {
      walk(ins.a);
      walk(ins.b);
    } else throw new PatternError('pattern can match nothing at all');
  };
  walk(start);
  if (firsts.some((t) => t.kind === 'any')) throw new PatternError('pattern may not start with a gap');
  return { program: toProgram(insts, start), start, firsts, required: requiredGroups(node) };
}

/** Parse "190/120". */
function parseBp(tok: string): [number, number] | null {
  const slash = tok.indexOf('/');
  if (slash <= 0 || slash > 3 || tok.length - slash - 1 > 3) return null;
  const s = Number(tok.slice(0, slash));
  const d = Number(tok.slice(slash + 1));
  return Number.isFinite(s) && Number.isFinite(d) ? [s, d] : null;
}

const QTY = /^\d{1,6}(?:\.\d{1,3})?(?:mg|mgs|mcg|ug|g|ml|pills|x)?$/;
const NUM = /^\d{1,9}(?:\.\d{1,3})?$/;

export function testToken(test: TokenTest, tok: string): boolean {
  switch (test.kind) {
    case 'lit':
      return tok === test.word;
    case 'prefix':
      return tok.startsWith(test.prefix);
    case 'any':
      return tok !== BOUNDARY;
    case 'num': {
      if (!NUM.test(tok)) return false;
      const v = Number(tok);
      return v >= test.min && v <= test.max;
    }
    case 'qty':
      return QTY.test(tok);
    case 'bp': {
      const bp = parseBp(tok);
      // only a plausible reading (systolic above diastolic, both in a human
      // range): "66/365" is a day count, "3/4" a fraction
      return bp !== null && bp[0] > bp[1] && bp[0] >= 60 && bp[0] <= 320 && bp[1] >= 30 && bp[1] <= 250 &&
        (bp[0] >= test.sys || bp[1] >= test.dia);
    }
  }
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Scratch space reused across runs so a short message allocates almost
 * nothing. Not shared between concurrent callers (the screener is synchronous).
 */
export class VmScratch {
  stamp = new Int32Array(64);
  gen = 1;
  clistPc = new Int32Array(64);
  clistStart = new Int32Array(64);
  nlistPc = new Int32Array(64);
  nlistStart = new Int32Array(64);
  ensure(n: number): void {
    if (this.stamp.length < n) {
      const size = Math.max(n, this.stamp.length * 2);
      this.stamp = new Int32Array(size);
      this.clistPc = new Int32Array(size);
      this.clistStart = new Int32Array(size);
      this.nlistPc = new Int32Array(size);
      this.nlistStart = new Int32Array(size);
      this.gen = 1;
    }
  }
}

/**
 * Run the NFA over `tokens`, starting threads only at starts[from..to)
 * (ascending positions where a first token can match). Returns up to
 * `maxMatches` matches, leftmost-first, shortest per start.
 */
export function runPattern(
  p: CompiledPattern,
  tokens: readonly string[],
  starts: Int32Array,
  from: number,
  to: number,
  scratch: VmScratch,
  maxMatches = 8,
): Span[] {
  scratch.ensure(p.program.op.length);
  return new PikeVm(p, scratch, maxMatches).run(tokens, starts, from, to);
}

class PikeVm {
  found: Span[] = [];
  cPc: Int32Array;
  cSt: Int32Array;
  nPc: Int32Array;
  nSt: Int32Array;
  nLen = 0;
  lastMatchStart = -1;
  tokens: readonly string[] = [];
  readonly prog: Program;
  constructor(readonly p: CompiledPattern, readonly scratch: VmScratch, readonly maxMatches: number) {
    this.prog = p.program;
    this.cPc = scratch.clistPc;
    this.cSt = scratch.clistStart;
    this.nPc = scratch.nlistPc;
    this.nSt = scratch.nlistStart;
  }

  /**
   * Add the threads of pc's closure to the next list, deduplicated by the
   * current generation. `pos` is the position of the token they will read: a
   * thread that needs a word other than tokens[pos] would die at the next
   * step, so it is not added (most threads of a long alternation are such).
   */
  add(pc0: number, start: number, pos: number): void {
    const { closureFrom, closure, litIndex } = this.prog;
    const next = this.tokens[pos];
    for (let i = closureFrom[pc0]!, end = closureFrom[pc0 + 1]!; i < end; i++) this.addLeaf(closure[i]!, start, pos, next);
    const index = litIndex[pc0];
    if (index !== undefined && next !== undefined) {
      const pcs = index.get(next);
      if (pcs !== undefined) for (let i = 0; i < pcs.length; i++) this.addLeaf(pcs[i]!, start, pos, next);
    }
  }

  private addLeaf(pc: number, start: number, pos: number, next: string | undefined): void {
    const { op, kind, word } = this.prog;
    const stamp = this.scratch.stamp;
    if (stamp[pc] === this.scratch.gen) return;
    stamp[pc] = this.scratch.gen;
    if (op[pc] === OP_MATCH) {
      if (start !== this.lastMatchStart && this.found.length < this.maxMatches) {
        this.found.push({ start, end: pos });
        this.lastMatchStart = start;
      }
    } else if (kind[pc] !== T_LIT || word[pc] === next) {
      this.nPc[this.nLen] = pc;
      this.nSt[this.nLen] = start;
      this.nLen++;
    }
  }

  run(tokens: readonly string[], starts: Int32Array, from: number, to: number): Span[] {
    this.tokens = tokens;
    const { scratch, prog } = this;
    const { x, kind, word, test } = prog;
    let si = from;
    let pos = from < to ? starts[from]! : tokens.length;
    scratch.gen++;
    while (pos <= tokens.length && this.found.length < this.maxMatches) {
      if (si < to && starts[si] === pos) {
        this.add(this.p.start, pos, pos);
        si++;
      }
      // the next list becomes the current one
      const tp = this.cPc; this.cPc = this.nPc; this.nPc = tp;
      const ts = this.cSt; this.cSt = this.nSt; this.nSt = ts;
      const cLen = this.nLen;
      this.nLen = 0;
      if (cLen === 0) {
        if (si >= to) break;
        pos = starts[si]!;
        scratch.gen++;
        continue;
      }
      if (pos >= tokens.length) break;
      const tok = tokens[pos]!;
      scratch.gen++;
      for (let i = 0; i < cLen; i++) {
        const pc = this.cPc[i]!;
        const k = kind[pc];
        const ok =
          k === T_LIT ? true : // checked against this token when added
          k === T_ANY ? tok !== BOUNDARY :
          k === T_PREFIX ? tok.startsWith(word[pc]!) :
          testToken(test[pc]!, tok);
        if (ok) this.add(x[pc]!, this.cSt[i]!, pos + 1);
      }
      pos++;
    }
    scratch.gen++;
    if (scratch.gen > 0x3fffffff) {
      scratch.stamp.fill(0);
      scratch.gen = 1;
    }
    return this.found;
  }
}
