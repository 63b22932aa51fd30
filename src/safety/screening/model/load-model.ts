// Loading the shipped weights, checked against the manifest's SHA-256
// before use. Any problem is a status with a cause, never a throw: the
// lexicon then runs alone and the start log says why (issue 14, item 7).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../../core/errors.js';
import { PROJECT_ROOT } from '../../../paths.js';
import { checkClasses, type LinearWeights } from './linear-model.js';
import type { ModelForScreening } from '../combined.js';
import { FALLBACK_THRESHOLDS } from './thresholds.js';
import { decodeWeights, sha256, type Manifest, type WeightsHeader } from './weights-file.js';

/** The shipped weights, found from src/ or the compiled dist/src/ alike. */
export const DEFAULT_MODEL_DIR = join(PROJECT_ROOT, 'models', 'screener');
export const MANIFEST_FILE = 'manifest.json';

export type ModelStatus =
  | { ok: true; dir: string; sha256: string; bytes: number; corpusSha256: string }
  | { ok: false; dir: string; cause: string };

export type LoadedModel = { ok: true; weights: LinearWeights; header: WeightsHeader; status: ModelStatus & { ok: true }; loadMs: number } | { ok: false; status: ModelStatus & { ok: false } };

function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path)) throw new Error(`${path} is missing`);
  const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  if (typeof m.file !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256 ?? '')) throw new Error(`${path} has no file name or SHA-256`);
  return m;
}

/** Hash the weights file against the manifest without decoding it (for `config --check`). */
export function checkModel(dir: string = DEFAULT_MODEL_DIR): ModelStatus {
  try {
    const m = readManifest(dir);
    const file = join(dir, m.file);
    if (!existsSync(file)) return { ok: false, dir, cause: `weights file ${file} is missing` };
    const data = readFileSync(file);
    const got = sha256(data);
    if (got !== m.sha256) return { ok: false, dir, cause: `weights file ${file} does not match its SHA-256 in the manifest (corrupt or replaced)` };
    return { ok: true, dir, sha256: got, bytes: statSync(file).size, corpusSha256: m.corpusSha256 };
  } catch (err) {
    return { ok: false, dir, cause: errorMessage(err) };
  }
}

export function loadModel(dir: string = DEFAULT_MODEL_DIR): LoadedModel {
  const t0 = performance.now();
  try {
    const m = readManifest(dir);
    const file = join(dir, m.file);
    if (!existsSync(file)) return { ok: false, status: { ok: false, dir, cause: `weights file ${file} is missing` } };
    const data = readFileSync(file);
    const got = sha256(data);
    if (got !== m.sha256) return { ok: false, status: { ok: false, dir, cause: `weights file ${file} does not match its SHA-256 in the manifest (corrupt or replaced)` } };
    const { weights, header } = decodeWeights(data);
    checkClasses(weights.classes);
    return { ok: true, weights, header, status: { ok: true, dir, sha256: got, bytes: data.length, corpusSha256: m.corpusSha256 }, loadMs: performance.now() - t0 };
  } catch (err) {
    return { ok: false, status: { ok: false, dir, cause: errorMessage(err) } };
  }
}

export function describeModelStatus(s: ModelStatus): string {
  return s.ok
    ? `screener model: ok (${s.dir}, ${(s.bytes / 1e6).toFixed(1)} MB, sha256 ${s.sha256.slice(0, 12)}…)`
    : `screener model: unavailable, the lexicon screens alone (${s.cause})`;
}

/** The model as the combined screener takes it: weights and thresholds, or the cause it is unavailable. */
export function loadModelForScreening(dir: string = DEFAULT_MODEL_DIR): ModelForScreening {
  const m = loadModel(dir);
  return m.ok ? { ok: true, weights: m.weights, thresholds: m.header.thresholds ?? FALLBACK_THRESHOLDS } : { ok: false, cause: m.status.cause };
}
