// The fault bench's traffic: seeded, so every run sends the same messages and
// kills at the same points. Regular patients write in DMs and in a group
// channel; each crisis message comes from its own person, so every one of
// them must raise its own case and page once.
import { channelEvent, dmEvent, eventCallback } from '../test/e2e/fakes/slack-api.js';
import { createRng } from '../scripts/screening/prng.js';

export const GROUP = 'CGROUP1';

export interface Msg {
  i: number;
  eventId: string;
  user: string;
  where: 'dm' | 'group';
  crisis: boolean;
  body: string;
  attempts: number;
  firstSentAt?: number;
  ackedAt?: number;
}

/** A small seeded generator, so kill points are reproducible (the corpus variants use the same one). */
export const rng = createRng;

const ORDINARY_DM = ['hi', 'help', 'thanks', 'journal list', 'what can you do', 'had a calm day today', 'schedule'];
const ORDINARY_GROUP = ['good morning everyone', 'thanks for sharing that', 'see you at the next session', 'that walk helped me too'];
const CRISIS = ['I want to kill myself tonight', 'i am going to end my life', 'I keep thinking about killing myself', 'i have pills saved and i am going to take them all tonight'];

export function buildScript(opts: { total: number; crisis: number; patients: number; groupCrisis: number; seed: number; tag: string }): Msg[] {
  const rand = rng(opts.seed);
  const crisisAt = new Set<number>();
  // Spread over the run, never in the first 20 (the bot's first minutes are not the interesting ones).
  while (crisisAt.size < opts.crisis) crisisAt.add(20 + Math.floor(rand() * (opts.total - 20)));
  const msgs: Msg[] = [];
  let crisisSeq = 0;
  for (let i = 0; i < opts.total; i++) {
    const crisis = crisisAt.has(i);
    let user: string;
    let where: 'dm' | 'group';
    let text: string;
    if (crisis) {
      user = `UC${opts.tag}${String(crisisSeq).padStart(3, '0')}`;
      where = crisisSeq < opts.groupCrisis ? 'group' : 'dm';
      text = CRISIS[crisisSeq % CRISIS.length]!;
      crisisSeq++;
    } else {
      user = `UP${opts.tag}${String(Math.floor(rand() * opts.patients)).padStart(2, '0')}`;
      where = rand() < 0.2 ? 'group' : 'dm';
      const pool = where === 'group' ? ORDINARY_GROUP : ORDINARY_DM;
      text = pool[Math.floor(rand() * pool.length)]!;
    }
    const eventId = `EvF${opts.tag}${String(i).padStart(6, '0')}`;
    const event = where === 'group' ? channelEvent(GROUP, user, text) : dmEvent(user, text);
    msgs.push({ i, eventId, user, where, crisis, body: JSON.stringify(eventCallback(event, eventId)), attempts: 0 });
  }
  return msgs;
}

/** Kill points: half right after a crisis message is acknowledged (the window that matters), half anywhere. */
export function killPoints(msgs: Msg[], n: number, seed: number): Set<number> {
  const rand = rng(seed);
  const crisis = msgs.filter((m) => m.crisis).map((m) => m.i);
  const points = new Set<number>();
  while (points.size < Math.ceil(n / 2)) points.add(crisis[Math.floor(rand() * crisis.length)]!);
  while (points.size < n) points.add(10 + Math.floor(rand() * (msgs.length - 20)));
  return points;
}
