// The weights file: magic, a JSON header (feature spec, classes,
// thresholds), then float32 biases and scales and the int8 weights. The
// SHA-256 of the whole file is kept in manifest.json beside it and checked
// before a byte of it is trusted.
import { createHash } from 'node:crypto';
import { CodedError } from '../../../core/errors.js';
import type { FeatureSpec } from './features.js';
import type { LinearWeights } from './linear-model.js';
import type { DecisionThresholds } from './thresholds.js';

const MAGIC = 'AGSCR01\n';

export interface WeightsHeader {
  format: 'afterglow-screener-linear';
  spec: FeatureSpec;
  classes: readonly string[];
  thresholds: DecisionThresholds;
  /** SHA-256 of the training corpus the weights came from. */
  corpusSha256: string;
  /** The variant cross-validation chose, and how it was trained (enough to retrain it). */
  variant: string;
  train: unknown;
  /** The lexicon whose hits the thresholds were chosen beside. */
  lexiconVersion: string;
}

export interface Manifest {
  file: string;
  sha256: string;
  bytes: number;
  corpusSha256: string;
  corpusMessages: number;
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function encodeWeights(w: LinearWeights, header: Omit<WeightsHeader, 'format' | 'spec' | 'classes'>): Buffer {
  const json = Buffer.from(JSON.stringify({ format: 'afterglow-screener-linear', spec: w.spec, classes: w.classes, ...header } satisfies WeightsHeader));
  const pad = (4 - ((MAGIC.length + 4 + json.length) % 4)) % 4;
  const k = w.classes.length;
  const out = Buffer.alloc(MAGIC.length + 4 + json.length + pad + 8 * k + w.q.length);
  let o = out.write(MAGIC, 0, 'latin1');
  o = out.writeUInt32LE(json.length, o);
  o += json.copy(out, o);
  o += pad;
  for (let c = 0; c < k; c++) o = out.writeFloatLE(w.bias[c]!, o);
  for (let c = 0; c < k; c++) o = out.writeFloatLE(w.scale[c]!, o);
  Buffer.from(w.q.buffer, w.q.byteOffset, w.q.length).copy(out, o);
  return out;
}

function bad(why: string): CodedError {
  return new CodedError('content_invalid', `screener weights: ${why}`);
}

export function decodeWeights(buf: Buffer): { weights: LinearWeights; header: WeightsHeader } {
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw bad('not a screener weights file');
  const len = buf.readUInt32LE(MAGIC.length);
  let o = MAGIC.length + 4;
  if (o + len > buf.length) throw bad('header runs past the end of the file');
  let header: WeightsHeader;
  try {
    header = JSON.parse(buf.toString('utf8', o, o + len)) as WeightsHeader;
  } catch {
    throw bad('header is not JSON');
  }
  if (header.format !== 'afterglow-screener-linear' || !header.spec || !Array.isArray(header.classes)) throw bad('unknown header format');
  o += len;
  o += (4 - (o % 4)) % 4;
  const k = header.classes.length;
  const dim = 2 ** header.spec.bits;
  if (!Number.isInteger(header.spec.bits) || header.spec.bits < 8 || header.spec.bits > 22) throw bad(`feature bits ${header.spec.bits} out of range`);
  if (buf.length !== o + 8 * k + dim * k) throw bad(`size ${buf.length} bytes does not fit ${k} classes x ${dim} features`);
  const bias = new Float32Array(k);
  const scale = new Float32Array(k);
  for (let c = 0; c < k; c++) bias[c] = buf.readFloatLE(o + 4 * c);
  for (let c = 0; c < k; c++) scale[c] = buf.readFloatLE(o + 4 * (k + c));
  o += 8 * k;
  // a copy, so the weights never alias a pooled or shared buffer
  const q = new Int8Array(dim * k);
  q.set(new Int8Array(buf.buffer, buf.byteOffset + o, dim * k));
  return { weights: { spec: header.spec, classes: header.classes, bias, scale, q }, header };
}
