/**
 * Split text into pieces of at most `max` characters for platforms with
 * message limits (Discord 2,000; a Slack section 3,000), preferring
 * paragraph, then line, then word boundaries so a long exercise still reads
 * naturally. Never splits a surrogate pair (an emoji) and, when asked, never
 * an HTML-style entity such as `&amp;` (Slack escapes).
 */
export function splitText(text: string, max: number, options: { keepEntities?: boolean } = {}): string[] {
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = window.lastIndexOf('\n\n');
    if (cut < max / 2) cut = window.lastIndexOf('\n');
    if (cut < max / 2) cut = window.lastIndexOf(' ');
    if (cut < max / 2) {
      cut = max;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    if (options.keepEntities) {
      const amp = window.lastIndexOf('&', cut);
      if (amp > 0 && amp > cut - 5 && !window.slice(amp, cut).includes(';')) cut = amp;
    }
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || out.length === 0) out.push(rest);
  return out;
}
