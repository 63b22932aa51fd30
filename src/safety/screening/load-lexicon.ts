// Loads and validates prompts/safety/lexicon.yaml at start-up: a bad file
// fails the start with the file and the rule named, not a patient at 3 a.m.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { CodedError, errorMessage } from '../../core/errors.js';
import { LexiconSchema, type Lexicon } from './lexicon-schema.js';
import { createScreener } from './screener.js';

function describePath(raw: unknown, path: readonly PropertyKey[]): string {
  const [section, index, ...rest] = path;
  if ((section === 'rules' || section === 'exceptions' || section === 'requests' || section === 'context' || section === 'scoring') && typeof index === 'number') {
    const list = (raw as Record<string, unknown> | null)?.[section];
    const item = Array.isArray(list) ? (list[index] as { id?: unknown } | undefined) : undefined;
    const id = typeof item?.id === 'string' ? `"${item.id}"` : `#${index + 1}`;
    const field = rest.length > 0 ? ` field ${rest.map(String).join('.')}` : '';
    return `${section.replace(/s$/, '')} ${id}${field}`;
  }
  return path.length > 0 ? path.map(String).join('.') : '(top level)';
}

/** Parse and validate lexicon text; `name` is used in error messages. */
export function parseLexicon(text: string, name: string): Lexicon {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (err) {
    throw new CodedError('content_invalid', `${name}: not valid YAML: ${errorMessage(err)}`, { cause: err });
  }
  const result = LexiconSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .slice(0, 5)
      .map((i) => `${describePath(raw, i.path)}: ${i.message}`)
      .join('; ');
    throw new CodedError('content_invalid', `${name}: ${problems}`);
  }
  // Compile every pattern now so a typo fails loading, naming the rule.
  try {
    createScreener(result.data);
  } catch (err) {
    throw new CodedError('content_invalid', `${name}: ${errorMessage(err)}`, { cause: err });
  }
  return result.data;
}

export function loadLexicon(filePath: string): Lexicon {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (err) {
    throw new CodedError('content_invalid', `${filePath}: cannot read the lexicon: ${errorMessage(err)}`, { cause: err });
  }
  return parseLexicon(text, filePath);
}
