/**
 * The part of a long message a clinician needs to see: a window around the
 * first place where what the screener matched appears, with ellipses where
 * text was cut. The screener matches normalised text, so we look for its
 * longest words in the original, case-insensitively; failing that, both ends.
 */
export function excerptAround(text: string, focus: string[], max = 1000): string {
  const clean = text.trim();
  if (clean.length <= max) return clean;
  const lower = clean.toLowerCase();
  const words = focus
    .flatMap((f) => f.split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= 3)
    .sort((a, b) => b.length - a.length);
  let at = -1;
  for (const w of words) {
    at = lower.indexOf(w.toLowerCase());
    if (at >= 0) break;
  }
  if (at < 0) {
    const half = Math.floor(max / 2);
    return `${clean.slice(0, half)} … ${clean.slice(-half)}`;
  }
  const start = Math.max(0, Math.min(at - Math.floor(max / 2), clean.length - max));
  const end = Math.min(clean.length, start + max);
  return `${start > 0 ? '…' : ''}${clean.slice(start, end)}${end < clean.length ? '…' : ''}`;
}
