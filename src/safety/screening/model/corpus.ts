// Reading the training corpus (data/screening/train/**.jsonl) in a stable
// order, and its SHA-256 (recorded in the manifest, checked by a test).
// It refuses the held-out set: training must never read it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isModelClass, type ModelClass } from './classes.js';
import { sha256 } from './weights-file.js';

export interface CorpusLine {
  id: string;
  lang: 'en' | 'es';
  category: ModelClass;
  expect: 'alert' | 'review' | 'none';
  text: string;
  generated?: string;
  source?: string;
}

function listJsonl(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listJsonl(p));
    else if (name.endsWith('.jsonl')) out.push(p);
  }
  return out;
}

export function corpusFiles(dir: string): string[] {
  if (dir.split(sep).includes('heldout')) throw new Error(`${dir}: training never reads the held-out set`);
  return listJsonl(dir).sort((a, b) => relative(dir, a).localeCompare(relative(dir, b), 'en'));
}

/** SHA-256 over each file's relative path and bytes, in sorted order. */
export function corpusHash(dir: string): string {
  const parts: string[] = [];
  for (const f of corpusFiles(dir)) parts.push(relative(dir, f).split(sep).join('/'), sha256(readFileSync(f)));
  return sha256(parts.join('\n'));
}

export function readCorpus(dir: string): CorpusLine[] {
  const lines: CorpusLine[] = [];
  const seen = new Set<string>();
  for (const f of corpusFiles(dir)) {
    readFileSync(f, 'utf8')
      .split('\n')
      .forEach((raw, i) => {
        if (!raw.trim()) return;
        const where = `${relative(dir, f)}:${i + 1}`;
        let o: CorpusLine;
        try {
          o = JSON.parse(raw) as CorpusLine;
        } catch {
          throw new Error(`${where}: not JSON`);
        }
        if (typeof o.text !== 'string' || typeof o.id !== 'string') throw new Error(`${where}: needs id and text`);
        if (!isModelClass(o.category)) throw new Error(`${where}: unknown category "${String(o.category)}"`);
        if (!['alert', 'review', 'none'].includes(o.expect)) throw new Error(`${where}: unknown expect "${String(o.expect)}"`);
        if (seen.has(o.id)) throw new Error(`${where}: duplicate id ${o.id}`);
        seen.add(o.id);
        lines.push(o);
      });
  }
  return lines.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
