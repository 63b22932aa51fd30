import { SEVERITIES } from './screening/types.js';

/** 0 for the most urgent severity; anything unknown sorts last. */
export function severityRank(s: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}
