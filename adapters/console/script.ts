import { z } from 'zod';
import { ROLES, type Role } from '../../src/core/types.js';

// One line of a console script. Pure: returns a result, never throws.

export type ScriptLine =
  | { kind: 'at'; at: Date }
  | { kind: 'text'; from: string; text: string; role?: Role; channel?: string }
  | { kind: 'choice'; from: string; choice: string; role?: Role; fields?: Record<string, string> };

const name = z.string().trim().min(1).max(100);
const LineSchema = z
  .object({
    at: z.string().optional(),
    from: name.optional(),
    text: z.string().max(200_000).optional(),
    choice: z.string().min(1).max(200).optional(),
    fields: z.record(z.string(), z.string().max(10_000)).optional(),
    role: z.enum(ROLES).optional(),
    channel: name.optional(),
  })
  .strict();

export type ParseResult = { ok: true; value: ScriptLine } | { ok: false; error: string };

export function parseScriptLine(raw: string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'not valid JSON (expected e.g. {"from":"alice","text":"hi"})' };
  }
  const parsed = LineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `"${issue.path.join('.')}": ` : '';
    return { ok: false, error: `${where}${issue.message}` };
  }
  const l = parsed.data;
  if (l.at !== undefined) {
    const at = new Date(l.at);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(l.at) || Number.isNaN(at.getTime()))
      return { ok: false, error: `"at": "${l.at.slice(0, 40)}" is not an ISO 8601 date-time such as 2026-11-03T09:00:00-05:00` };
    return { ok: true, value: { kind: 'at', at } };
  }
  if (!l.from) return { ok: false, error: '"from" is required (who is speaking)' };
  if (l.choice !== undefined)
    return { ok: true, value: { kind: 'choice', from: l.from, choice: l.choice, ...(l.role ? { role: l.role } : {}), ...(l.fields ? { fields: l.fields } : {}) } };
  if (l.text === undefined) return { ok: false, error: 'each line needs "text", "choice" or "at"' };
  return {
    ok: true,
    value: { kind: 'text', from: l.from, text: l.text, ...(l.role ? { role: l.role } : {}), ...(l.channel ? { channel: l.channel } : {}) },
  };
}
