// `npm run bench -- replay`: realistic replies (test/fixtures/conversation)
// to every kind of pending question, through the whole bot; reports the
// share kept as the answer and the share the screener read.
import { createHarness } from '../test/fakes/harness.js';
import { REPLIES } from '../test/fixtures/conversation/replies.js';
import { createReplay, QUESTION_KINDS, type ReplayResult } from '../test/fixtures/conversation/replay.js';
import { printTable } from './table.js';

const pct = (n: number, d: number) => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)}%`);

export async function bench(): Promise<void> {
  const h = await createHarness({ start: '2026-11-10T15:00:00Z' });
  try {
    const replay = createReplay(h);
    const seen = await replay.setup();
    const results: ReplayResult[] = [];
    // Every reply to every kind of question.
    for (const kind of QUESTION_KINDS) for (const reply of REPLIES) results.push(await replay.replay(kind, reply, seen));
    const rows = [['question', 'replies', 'kept as answer', 'screened']];
    for (const kind of QUESTION_KINDS) {
      const mine = results.filter((r) => r.kind === kind);
      rows.push([kind, String(mine.length), pct(mine.filter((r) => r.kept).length, mine.length), pct(mine.filter((r) => r.screened).length, mine.length)]);
    }
    rows.push(['all', String(results.length), pct(results.filter((r) => r.kept).length, results.length), pct(results.filter((r) => r.screened).length, results.length)]);
    printTable(`Replies to pending questions (${REPLIES.length} distinct replies × ${QUESTION_KINDS.length} kinds)`, rows);
    const lost = results.filter((r) => !r.kept || !r.screened);
    for (const r of lost.slice(0, 20)) console.log(`  lost: ${r.kind}: ${r.reply} → ${r.detail}`);
  } finally {
    await h.close();
  }
}
