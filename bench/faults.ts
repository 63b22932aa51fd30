// `npm run bench -- faults`: the real `afterglow start` (Slack HTTP mode)
// against the loopback fake Slack, on a SQLite file, driven with 2,000
// signed events (50 crisis messages, several patients and a group channel).
//   1. SIGKILL at 20 seeded points, restarting each time: acknowledged vs
//      stored, crisis messages paged (also those whose kill fell between ack
//      and page), duplicate pages and prompts, longest message-to-page gap.
//   2. The database file made read-only (chmod 0444) mid-run, no restart: is
//      every later crisis message answered and paged, is the failure loud,
//      and does a restart refuse with one line. chmod does not reach a file
//      the process already has open, so a second run also lowers the running
//      bot's file-size limit to one byte (prlimit), which makes the kernel
//      refuse its writes from that moment on.
// Duplicates are counted from the platform's side: every post the fake
// answered carries a ts; a post whose ts no outbox row recorded as sent was
// delivered and then sent again.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { slackEnv, startFakeSlack, waitUntil, type FakeSlack } from '../test/e2e/fakes/slack-api.js';
import { benchDir, ensureBuilt, freePort, startBot, UNPRIVILEGED } from './faults-bot.js';
import { drive, observe, type Observed } from './faults-run.js';
import { buildScript, killPoints, rng, type Msg } from './faults-script.js';
import { printTable } from './table.js';

// FAULTS_TOTAL shortens a trial run; the figures reported come from the default.
const TOTAL = Number(process.env.FAULTS_TOTAL ?? 2000);
const CRISIS = 50;
const KILLS = 20;
const SEED = 18;

function env(fake: FakeSlack, db: string, port: number): Record<string, string> {
  // Re-sends of unacknowledged alerts are counted apart from duplicates by keeping them out of a bench-length run.
  return { AFTERGLOW_DB: db, AFTERGLOW_LOG_LEVEL: 'info', AFTERGLOW_ESCALATION_MINUTES: '240', ...slackEnv(fake, { SLACK_PORT: String(port), SLACK_BACKUP_CHANNEL: '' }) };
}

function readDb(db: string) {
  const raw = new Database(db, { readonly: true });
  try {
    const stored = new Set(raw.prepare<[], { event_id: string }>(`SELECT event_id FROM processed_events WHERE platform = 'slack'`).all().map((r) => r.event_id));
    const recorded = new Set(raw.prepare<[], { message_id: string }>(`SELECT message_id FROM outbox WHERE message_id IS NOT NULL`).all().map((r) => r.message_id));
    const pending = raw.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`).get()!.n;
    const cases = raw.prepare<[], { n: number }>(`SELECT count(*) AS n FROM cases`).get()!.n;
    return { stored, recorded, pending, cases };
  } finally {
    raw.close();
  }
}

async function settled(o: Observed, msgs: Msg[], db: string | undefined): Promise<void> {
  const crisis = msgs.filter((m) => m.crisis);
  await waitUntil(() => crisis.every((m) => o.pages.has(m.user)) || undefined, () => 'pages', 60_000).catch(() => undefined);
  if (db) await waitUntil(() => readDb(db).pending === 0 || undefined, () => 'outbox drained', 180_000).catch(() => undefined);
}

function gapMs(o: Observed, msgs: Msg[]): number {
  let worst = 0;
  for (const m of msgs.filter((x) => x.crisis)) {
    const page = o.pages.get(m.user)?.[0];
    if (page !== undefined && m.firstSentAt !== undefined) worst = Math.max(worst, page - m.firstSentAt);
  }
  return worst;
}

const ms = (n: number) => `${Math.round(n)} ms`;

async function killRun(fake: FakeSlack) {
  const dir = benchDir('afterglow-faults-');
  const db = join(dir, 'faults.db');
  const port = await freePort();
  const e = env(fake, db, port);
  const msgs = buildScript({ total: TOTAL, crisis: CRISIS, patients: 8, groupCrisis: 10, seed: SEED, tag: 'K' });
  const points = killPoints(msgs, KILLS, SEED + 1);
  const delay = rng(SEED + 2);
  const o = observe(fake, msgs);
  const between: string[] = [];
  const killTimes: number[] = [];
  const t0 = performance.now();
  const first = await startBot(e);
  if (first.readyMs === undefined) throw new Error(`bot did not start: ${first.stderr()}`);
  const { bot, restarts, unexpectedExits } = await drive(
    {
      env: e,
      port,
      msgs,
      concurrency: 4,
      async after(m, ctl) {
        if (!points.has(m.i)) return;
        points.delete(m.i);
        await ctl.exclusive(async () => {
          // A seeded 0-40 ms after the acknowledgement: inside the commit window, the send, or after.
          await new Promise((r) => setTimeout(r, Math.floor(delay() * 40)));
          const old = ctl.bot();
          old.child.kill('SIGKILL');
          killTimes.push(performance.now());
          await old.exited;
          for (const c of msgs) if (c.crisis && c.ackedAt !== undefined && !o.pages.has(c.user)) between.push(c.user);
          await ctl.restart();
        });
      },
    },
    first,
  );
  await settled(o, msgs, db);
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  const seconds = (performance.now() - t0) / 1000;
  const d = readDb(db);
  rmSync(dir, { recursive: true, force: true });
  const acked = msgs.filter((m) => m.ackedAt !== undefined);
  const lost = acked.filter((m) => !d.stored.has(m.eventId));
  // Each lost event against the first kill after its acknowledgement: how much one kill can take.
  const perKill = killTimes.map((k, n) => lost.filter((m) => m.ackedAt! <= k && (n === 0 || m.ackedAt! > killTimes[n - 1]!)).length);
  const crisis = msgs.filter((m) => m.crisis);
  const paged = crisis.filter((m) => o.pages.has(m.user));
  const lostCrisis = crisis.filter((m) => !d.stored.has(m.eventId));
  const dupPages = crisis.reduce((n, m) => n + Math.max(0, (o.pages.get(m.user)?.length ?? 0) - 1), 0);
  const unrecorded = o.posts.filter((p) => !d.recorded.has(p.ts));
  const dupAlertPosts = unrecorded.filter((p) => p.channel === 'CCLIN').length;
  const dupPrompts = unrecorded.length - dupAlertPosts;
  const dupCrisisReplies = crisis.reduce((n, m) => n + Math.max(0, (o.crisisReplies.get(m.user) ?? 0) - 1), 0);
  const betweenPaged = [...new Set(between)].filter((u) => o.pages.has(u)).length;
  return [
    ['messages sent / acknowledged', `${msgs.length} / ${acked.length}`, 'every event re-sent until acknowledged, as Slack does'],
    ['acknowledged and stored', `${acked.length - lost.length}`, `stored = its event id in processed_events`],
    ['LOST (acknowledged, never stored)', `${lost.length}`, lost.length ? `${lost.filter((m) => m.crisis).length} crisis; by kill: ${perKill.join(' ')}` : 'target 0'],
    ['SIGKILLs / restarts / unexpected exits', `${KILLS} / ${restarts.length} / ${unexpectedExits}`, `restart to ready: median ${ms(restarts.sort((a, b) => a - b)[Math.floor(restarts.length / 2)] ?? 0)}, max ${ms(Math.max(...restarts))}`],
    ['crisis messages paged', `${paged.length} / ${crisis.length}`, `${lostCrisis.length} crisis event(s) lost before commit; cases in db ${d.cases}`],
    ['  kill fell between ack and page', `${new Set(between).size}`, `paged after restart: ${betweenPaged}`],
    ['crisis replies to the patient', `${crisis.filter((m) => o.crisisReplies.has(m.user)).length} / ${crisis.length}`, `duplicates ${dupCrisisReplies}`],
    ['duplicate pages (same person paged twice)', `${dupPages}`, `alert posts delivered but not recorded as sent: ${dupAlertPosts}`],
    ['duplicate prompts (posts delivered, not recorded, sent again)', `${dupPrompts}`, `of ${o.posts.length} posts; pending at end ${d.pending}`],
    ['pages naming no crisis sender (false alarms)', `${o.strayPages}`, ''],
    ['longest gap message → page', ms(gapMs(o, msgs)), 'first send of the event to the page at the fake'],
    ['run', `${seconds.toFixed(0)} s`, `last exit on SIGTERM: ${exit.code ?? exit.signal}`],
  ];
}

async function readOnlyRun(fake: FakeSlack, mode: 'chmod' | 'chmod+fsize') {
  const dir = benchDir('afterglow-faults-ro-');
  const db = join(dir, 'ro.db');
  const port = await freePort();
  const e = env(fake, db, port);
  const msgs = buildScript({ total: TOTAL, crisis: CRISIS, patients: 8, groupCrisis: 10, seed: SEED + 7, tag: 'R' });
  const flipAt = Math.floor(TOTAL / 2);
  const o = observe(fake, msgs);
  const first = await startBot(e);
  if (first.readyMs === undefined) throw new Error(`bot did not start: ${first.stderr()}`);
  let flippedAt = 0;
  const { bot, unexpectedExits } = await drive(
    {
      env: e,
      port,
      msgs,
      concurrency: 4,
      async after(m, ctl) {
        if (m.i !== flipAt) return;
        const bot = () => ctl.bot();
        // The file only: its folder, -wal and -shm stay writable, as after a careless chown or a restored backup.
        chmodSync(db, 0o444);
        // An open file keeps the access it was opened with, so chmod alone changes nothing for the running
        // process. The second variant also makes the kernel refuse its writes (EFBIG, as a full disk would).
        if (mode === 'chmod+fsize')
          execFileSync('prlimit', ['--pid', String(bot().child.pid), '--fsize=1'], { stdio: 'ignore', ...(UNPRIVILEGED ?? {}) });
        flippedAt = performance.now();
      },
    },
    first,
  );
  await settled(o, msgs, undefined);
  const during = bot.stderr();
  bot.child.kill('SIGTERM');
  const exit = await bot.exited;
  const stopLines = bot.stderr().slice(during.length).split('\n').filter((l) => l.startsWith('afterglow:'));
  const restart = await startBot(e);
  if (restart.readyMs !== undefined) restart.child.kill('SIGTERM');
  const rexit = await restart.exited;
  const refusal = restart.stderr().trim().split('\n');
  rmSync(dir, { recursive: true, force: true });
  const after = msgs.filter((m) => m.crisis && (m.firstSentAt ?? 0) >= flippedAt);
  const errors = during.split('\n').filter((l) => l.startsWith('{') && /"level":(50|60)/.test(l));
  const codes = [...new Set(errors.map((l) => /"code":"([a-z_]+)"/.exec(l)?.[1]).filter(Boolean))];
  return [
    ['fault', mode === 'chmod' ? 'chmod 0444' : 'chmod 0444 + fsize=1', mode === 'chmod' ? 'the database file only' : 'and the kernel refuses the running bot\'s writes'],
    ['run as', UNPRIVILEGED ? 'uid 65534 (nobody)' : `uid ${process.getuid?.()}`, 'so the permission bites'],
    ['messages acknowledged', `${msgs.filter((m) => m.ackedAt !== undefined).length} / ${msgs.length}`, `chmod 0444 after message ${flipAt}`],
    ['crisis messages after the chmod', `${after.length}`, ''],
    ['  answered (crisis reply)', `${after.filter((m) => o.crisisReplies.has(m.user)).length} / ${after.length}`, ''],
    ['  paged', `${after.filter((m) => o.pages.has(m.user)).length} / ${after.length}`, `longest gap ${ms(gapMs(o, after))}`],
    ['all crisis messages paged', `${msgs.filter((m) => m.crisis && o.pages.has(m.user)).length} / ${CRISIS}`, `duplicate pages ${msgs.filter((m) => m.crisis).reduce((n, m) => n + Math.max(0, (o.pages.get(m.user)?.length ?? 0) - 1), 0)}`],
    ['loud: error log lines (level ≥ 50)', `${errors.length}`, codes.join(', ') || 'none'],
    ['loud: clinician-channel notices', `${o.storeNotices.length}`, o.storeNotices[0] ?? 'none'],
    ['exit on SIGTERM', `${exit.code ?? exit.signal}`, stopLines[0]?.slice(0, 110) ?? ''],
    ['unexpected exits during the run', `${unexpectedExits}`, ''],
    ['restart on the read-only file', rexit.code === 0 || restart.readyMs !== undefined ? 'STARTED' : `exit ${rexit.code}`, `${refusal.length} line(s): ${refusal[0]?.slice(0, 120)}`],
  ];
}

export async function bench(): Promise<void> {
  ensureBuilt();
  const fake = await startFakeSlack();
  try {
    const kills = await killRun(fake);
    printTable(`faults: ${TOTAL} messages (${CRISIS} crisis, 8 patients + a group), SIGKILL at ${KILLS} seeded points`, [['measure', 'value', 'note'], ...kills]);
    for (const mode of ['chmod', 'chmod+fsize'] as const) {
      fake.clear();
      const ro = await readOnlyRun(fake, mode);
      printTable(`faults: database made read-only mid-run (${mode}), no restart`, [['measure', 'value', 'note'], ...ro]);
    }
  } finally {
    await fake.close();
  }
}
