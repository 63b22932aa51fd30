// "Did you mean …?" for a short message close to one command ("chekin",
// "brethe", "my safty plan"), and the likeliest commands when a message is
// not close to any.
import { normalisePhrase } from '../content/load-content.js';
import type { Command } from './router.js';

function distance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** How many typos a word of this length may carry and still be that word. */
function allowed(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

/** Bare forms a person might type: the name and aliases, not the argument placeholders. */
function forms(c: Command): string[] {
  return [c.name, ...(c.aliases ?? [])].map(normalisePhrase).filter((f) => f.length > 1);
}

function ranked(commands: Command[], text: string): { command: Command; d: number; within: boolean }[] {
  const t = normalisePhrase(text);
  return commands
    .map((command) => {
      const d = Math.min(...forms(command).map((f) => distance(t, f)));
      const f = forms(command)[0] ?? '';
      return { command, d, within: d <= allowed(Math.max(f.length, t.length)) };
    })
    .sort((a, b) => a.d - b.d);
}

/** The one command a short message is a slip for; undefined when none, or two are equally close. */
export function didYouMean(commands: Command[], text: string): Command | undefined {
  const [best, second] = ranked(commands, text);
  if (!best || !best.within || best.d === 0) return undefined;
  if (second && second.d === best.d) return undefined;
  return best.command;
}

/** Up to two commands loosely like the message, for "you can …". */
export function likelyCommands(commands: Command[], text: string): Command[] {
  const t = normalisePhrase(text);
  return ranked(commands, text)
    .filter((r) => r.d <= Math.ceil(t.length / 2))
    .slice(0, 2)
    .map((r) => r.command);
}
