// Drives one fault-bench run: signed Events API posts to the real bot (as
// Slack sends them: an unacknowledged event is sent again with the same
// event_id and a retry number), a fault at chosen points, and what the fake
// Slack received, timed as it arrived.
import { performance } from 'node:perf_hooks';
import { postSigned, SIGNING_SECRET, type FakeSlack, type SlackCall } from '../test/e2e/fakes/slack-api.js';
import { startBot, type BotProcess } from './faults-bot.js';
import type { Msg } from './faults-script.js';

export interface Observed {
  /** Alert posts to the clinician channel naming each crisis user, with arrival times. */
  pages: Map<string, number[]>;
  /** Crisis replies (the region's crisis line) in each crisis user's DM. */
  crisisReplies: Map<string, number>;
  /** Clinician-channel posts saying the database is failing. */
  storeNotices: string[];
  /** Every chat.postMessage the fake answered: channel and the ts it gave. */
  posts: { channel: string; ts: string }[];
  /** Pages naming someone who sent no crisis message (false alarms from ordinary traffic). */
  strayPages: number;
}

export interface RunOptions {
  env: Record<string, string>;
  port: number;
  msgs: Msg[];
  concurrency: number;
  /** Called after message `i` is acknowledged; may replace the bot (kill and restart) or fault it. */
  after?: (m: Msg, ctl: Control) => Promise<void>;
}

export interface Control {
  bot(): BotProcess;
  /** Hold every sender while `fn` runs (a kill and restart). */
  exclusive(fn: () => Promise<void>): Promise<void>;
  restart(): Promise<BotProcess>;
}

export function observe(fake: FakeSlack, msgs: Msg[]): Observed {
  const crisisUsers = new Set(msgs.filter((m) => m.crisis).map((m) => m.user));
  const o: Observed = { pages: new Map(), crisisReplies: new Map(), storeNotices: [], posts: [], strayPages: 0 };
  fake.onCall((c: SlackCall) => {
    if (c.method !== 'chat.postMessage') return;
    const channel = String(c.body.channel);
    o.posts.push({ channel, ts: String(c.response.ts) });
    const all = JSON.stringify(c.body);
    if (channel === 'CCLIN') {
      // A case alert names the patient as a mention; the store-down page (no case) by handle, here the bare user id.
      const u = [...crisisUsers].find((id) => all.includes(`<@${id}>`) || new RegExp(`\\b${id}\\b`).test(all));
      const named = u !== undefined;
      if (u) o.pages.set(u, [...(o.pages.get(u) ?? []), performance.now()]);
      else if (/database/i.test(all) && /(cannot|refus|fail)/i.test(all)) o.storeNotices.push(String(c.body.text ?? '').slice(0, 160));
      if (!named && /case #/i.test(all) && !/database/i.test(all)) o.strayPages++;
      return;
    }
    for (const u of crisisUsers)
      if (channel === `D${u.replace(/^U/, '')}` && /988/.test(all)) o.crisisReplies.set(u, (o.crisisReplies.get(u) ?? 0) + 1);
  });
  return o;
}

/** Send every message until acknowledged; returns the bot still running at the end. */
export async function drive(o: RunOptions, first: BotProcess): Promise<{ bot: BotProcess; restarts: number[]; unexpectedExits: number }> {
  let bot = first;
  const url = () => `http://127.0.0.1:${o.port}/slack/events`;
  const queue = [...o.msgs];
  const retry: Msg[] = [];
  let gate: Promise<void> = Promise.resolve();
  const restarts: number[] = [];
  let unexpectedExits = 0;

  const ctl: Control = {
    bot: () => bot,
    async exclusive(fn) {
      let release!: () => void;
      const previous = gate;
      gate = new Promise((r) => (release = r));
      await previous;
      try {
        await fn();
      } finally {
        release();
      }
    },
    async restart() {
      bot = await startBot(o.env);
      if (bot.readyMs === undefined) throw new Error(`the bot did not come back: ${bot.stderr().slice(-600)}`);
      restarts.push(bot.readyMs);
      return bot;
    },
  };

  async function post(m: Msg): Promise<boolean> {
    m.firstSentAt ??= performance.now();
    m.attempts++;
    try {
      const r = await postSigned(url(), m.body, 'application/json', { secret: SIGNING_SECRET, ...(m.attempts > 1 ? { retryNum: m.attempts - 1 } : {}) });
      if (r.status !== 200) return false;
      m.ackedAt = performance.now();
      return true;
    } catch {
      return false;
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      await gate;
      const m = retry.shift() ?? queue.shift();
      if (!m) return;
      if (m.attempts > 200) throw new Error(`message ${m.i} never acknowledged after 200 tries`);
      if (await post(m)) {
        if (o.after) await o.after(m, ctl);
        continue;
      }
      retry.push(m);
      // Refused with no fault in progress: the bot died on its own. Count it and bring it back.
      if (bot.child.exitCode !== null || bot.child.signalCode !== null) {
        await ctl.exclusive(async () => {
          if (bot.child.exitCode === null && bot.child.signalCode === null) return;
          unexpectedExits++;
          await ctl.restart();
        });
      } else await gate;
    }
  }
  await Promise.all(Array.from({ length: o.concurrency }, () => worker()));
  return { bot, restarts, unexpectedExits };
}
