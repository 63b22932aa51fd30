// A real bot process for crash tests: the real core over a SQLite file, with
// a platform that can be told to stall at a chosen moment so the parent test
// can SIGKILL it there. Commands arrive as JSON lines on stdin; everything the
// platform receives is printed as JSON lines on stdout.
//
//   node --import tsx test/fakes/crash-bot.ts <db> <mode> <clockStartIso>
//   mode: normal | stall-before-alert (send to #clinicians never reaches the platform)
//         | stall-after-direct (a direct message reaches the platform, then send never returns)
import { createInterface } from 'node:readline';
import { advanceClock, createAfterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Adapter } from '../../src/core/adapter.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { InboundEvent } from '../../src/core/types.js';

const [dbPath, mode = 'normal', start = '2026-11-20T15:00:00Z'] = process.argv.slice(2);
const clock = new ManualClock(start);
const print = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);
const never = new Promise<never>(() => {});
let seq = 0;

const platform: Adapter = {
  platform: 'console',
  supportsChoices: true,
  hasBackupChannel: true,
  async start() {},
  async stop() {},
  async send(to, message) {
    if (mode === 'stall-before-alert' && to.kind === 'clinicians') {
      print({ stalled: 'before-alert' });
      return never;
    }
    print({ delivered: true, to: to.kind === 'direct' ? to.id : `#${to.kind}`, text: message.text });
    if (mode === 'stall-after-direct' && to.kind === 'direct') {
      print({ stalled: 'after-direct' });
      return never;
    }
    return { messageId: `m${++seq}`, channelId: to.kind };
  },
};

const config = loadConfig({ AFTERGLOW_DB: dbPath!, AFTERGLOW_LOG_LEVEL: 'silent' });
const app = createAfterglow({ config, adapters: [platform], clock, logger: silentLogger() });
await app.start();
await app.settle();
print({ ready: true });

for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as { from?: string; text?: string; choice?: string; at?: string };
  if (cmd.at) {
    await advanceClock(app, clock, new Date(cmd.at));
  } else if (cmd.from) {
    const event: InboundEvent = {
      id: `crash-${process.pid}-${line.length}-${Math.random()}`,
      platform: 'console',
      kind: cmd.choice ? 'choice' : 'message',
      from: { platform: 'console', userId: cmd.from, handle: cmd.from },
      conversation: { platform: 'console', kind: 'direct', id: cmd.from },
      ...(cmd.choice ? { choice: cmd.choice } : { text: cmd.text ?? '' }),
    };
    // Not awaited in full: a stalled send must not stop us from reporting.
    void app.bot.handle(event).then(() => app.dispatcher.drain());
    await app.bot.idle();
  }
  print({ done: line });
}
await app.stop();
print({ stopped: true });
