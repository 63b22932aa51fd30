import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Adapter } from '../../src/core/adapter.js';
import type { Address, Choice, InboundEvent, OutboundMessage, Role, SendResult } from '../../src/core/types.js';
import { ROLES } from '../../src/core/types.js';
import { parseScriptLine, type ScriptLine } from './script.js';

const NUMERIC = /^\d{1,2}$/;

export interface ConsoleHooks {
  /** Wait until everything the last event caused has been sent. */
  settle(): Promise<void>;
  /** Move the bot's clock forward, delivering everything due on the way. */
  advanceTo(at: Date): Promise<void>;
  /** Stdin closed: send what is still owed (paced exercise steps), then finish. */
  finish(): Promise<void>;
  /** The bot clock's time as ISO 8601 with offset, stamped on every output line. */
  now(): string;
}

export interface ConsoleAdapterOptions {
  mode: 'interactive' | 'script';
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  errors: NodeJS.WritableStream;
  hooks: ConsoleHooks;
  /** The interactive user's name. */
  user?: string;
  /** Console users who are admins (AFTERGLOW_ADMINS). */
  admins?: string[];
}

export interface ConsoleAdapter extends Adapter {
  /** Resolves when stdin has closed and every reply is out. */
  readonly done: Promise<void>;
}

/** Where a message goes, as the console shows it. */
export function consoleTarget(to: Address): string {
  switch (to.kind) {
    case 'direct':
    case 'home':
      return to.id;
    case 'clinicians':
      return '#clinicians';
    case 'backup':
      return '#clinicians-backup';
    case 'channel':
      return `#${to.id}`;
  }
}

/**
 * The console: an interactive terminal chat for trying the bot, and a
 * scripted mode (JSON lines in, JSON lines out) for tests and demos. A full
 * platform like the others: it only turns lines into events and messages
 * into lines.
 */
export function createConsoleAdapter(options: ConsoleAdapterOptions): ConsoleAdapter {
  const { output, errors, hooks } = options;
  const roles = new Map<string, Set<Role>>();
  for (const admin of options.admins ?? []) roles.set(admin, new Set<Role>(['admin']));
  const lastChoices = new Map<string, Choice[]>();
  let seq = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let rl: ReturnType<typeof createInterface> | undefined;
  let currentUser = options.user ?? 'you';

  function event(from: string, fields: Partial<InboundEvent>): InboundEvent {
    seq++;
    const granted = roles.get(from);
    return {
      // Unique across runs: the store remembers processed ids to drop platform retries.
      id: `console-${randomUUID()}`,
      platform: 'console',
      kind: 'message',
      from: { platform: 'console', userId: from, handle: from },
      conversation: { platform: 'console', kind: 'direct', id: from },
      ...(granted?.size ? { platformRoles: [...granted] } : {}),
      ...fields,
    };
  }

  function grant(user: string, role: Role): void {
    const set = roles.get(user) ?? new Set<Role>();
    set.add(role);
    roles.set(user, set);
  }

  async function runScript(handle: (e: InboundEvent) => Promise<void>): Promise<void> {
    const lines = createInterface({ input: options.input, crlfDelay: Infinity });
    let n = 0;
    for await (const raw of lines) {
      n++;
      if (!raw.trim()) continue;
      const parsed = parseScriptLine(raw);
      if (!parsed.ok) {
        errors.write(`line ${n}: ${parsed.error}\n`);
        continue;
      }
      const line: ScriptLine = parsed.value;
      if (line.kind === 'at') {
        if (line.at.getTime() < Date.parse(hooks.now())) errors.write(`line ${n}: "at" is before the bot's clock (${hooks.now()}); time only moves forward, so the line was ignored\n`);
        else await hooks.advanceTo(line.at);
        continue;
      }
      if (line.role) grant(line.from, line.role);
      const e =
        line.kind === 'choice'
          ? event(line.from, { kind: 'choice', choice: line.choice, ...(line.fields ? { fields: line.fields } : {}) })
          : event(line.from, { text: line.text, ...(line.channel ? { conversation: { platform: 'console', kind: 'channel', id: line.channel } } : {}) });
      await handle(e);
      await hooks.settle();
    }
    await hooks.finish();
    resolveDone();
  }

  function printInteractive(to: Address, message: OutboundMessage): void {
    const target = consoleTarget(to);
    const color = output === process.stdout && process.stdout.isTTY;
    const dim = (s: string) => (color ? `\x1b[2m${s}\x1b[0m` : s);
    const staff = to.kind === 'clinicians' || to.kind === 'backup';
    const header = staff
      ? `${color ? '\x1b[33m' : ''}── ${target} (what the clinician channel sees) ──${color ? '\x1b[0m' : ''}`
      : `afterglow → ${target}`;
    const lines = [header, message.mention ? `@${message.mention} ${message.text}` : message.text];
    const choices = message.choices ?? [];
    if (choices.length && choices.every((c) => NUMERIC.test(c.label))) {
      // A scale: the number typed is the answer, so show the labels themselves, not positions.
      lines.push(dim(`  type one of: ${choices.map((c) => c.label).join('  ')}`));
    } else {
      choices.forEach((c, i) => lines.push(dim(`  [${i + 1}] ${c.label}`)));
    }
    // Steps and alerts arrive while the person may be typing: redraw their prompt after them.
    output.write(`${rl ? '\r\x1b[K' : ''}${lines.join('\n')}\n\n`);
    rl?.prompt(true);
  }

  /** Typed text to a button of the last message, if it picks one: a scale's own number, else a position. */
  function pickChoice(user: string, text: string): Choice | undefined {
    const choices = lastChoices.get(user);
    if (!choices || !/^\d{1,2}$/.test(text)) return undefined;
    if (choices.every((c) => NUMERIC.test(c.label))) return choices.find((c) => c.label === text);
    return choices[Number(text) - 1];
  }

  async function runInteractive(handle: (e: InboundEvent) => Promise<void>): Promise<void> {
    rl = createInterface({ input: options.input, output, prompt: `${currentUser}> ` });
    output.write(
      `Afterglow console. You are "${currentUser}". Type "help" to start, "/as <name> [role]" to speak as someone else (e.g. /as dr_lee clinician), "/quit" to leave.\n\n`,
    );
    rl.prompt();
    for await (const raw of rl) {
      const text = raw.trim();
      if (text === '/quit' || text === '/exit') break;
      const as = /^\/as (\S{1,60})(?: (\w+))?$/.exec(text);
      if (as) {
        currentUser = as[1]!;
        const role = as[2]?.toLowerCase();
        if (role && (ROLES as readonly string[]).includes(role)) grant(currentUser, role as Role);
        else if (role) errors.write(`unknown role "${role}" (roles: ${ROLES.join(', ')})\n`);
        rl.setPrompt(`${currentUser}> `);
        rl.prompt();
        continue;
      }
      // A number answers the buttons of the last message: the console has no buttons.
      const pick = pickChoice(currentUser, text);
      await handle(pick ? event(currentUser, { kind: 'choice', choice: pick.id }) : event(currentUser, { text: raw }));
      await hooks.settle();
      rl.prompt();
    }
    rl.close();
    await hooks.finish();
    resolveDone();
  }

  return {
    platform: 'console',
    supportsChoices: false,
    // #clinicians-backup is always there to print to.
    hasBackupChannel: true,
    done,
    async start(handle) {
      const run = options.mode === 'script' ? runScript(handle) : runInteractive(handle);
      run.catch((err: unknown) => {
        errors.write(`console stopped: ${err instanceof Error ? err.message : String(err)}\n`);
        resolveDone();
      });
    },
    async stop() {
      rl?.close();
    },
    async send(to: Address, message: OutboundMessage): Promise<SendResult> {
      const messageId = `m${++seq}`;
      // Only the latest message's buttons can be pressed by number; older ones are gone.
      if (to.kind === 'direct' || to.kind === 'home') {
        if (message.choices?.length) lastChoices.set(to.id, message.choices);
        else lastChoices.delete(to.id);
      }
      if (options.mode === 'script') {
        const line: Record<string, unknown> = { to: consoleTarget(to), text: message.text, at: hooks.now() };
        if (message.choices?.length) line.choices = message.choices.map((c) => ({ id: c.id, label: c.label }));
        if (message.mention) line.mention = message.mention;
        if (message.ephemeralTo) line.ephemeralTo = message.ephemeralTo;
        if (message.replaces) line.replaces = message.replaces.messageId;
        if (message.alert) line.alert = { caseId: message.alert.caseId, severity: message.alert.severity, category: message.alert.category, status: message.alert.status };
        line.id = messageId;
        output.write(`${JSON.stringify(line)}\n`);
      } else {
        printInteractive(to, message);
      }
      return { messageId, channelId: consoleTarget(to) };
    },
    async update(ref, message) {
      await this.send(
        ref.channelId.startsWith('#clinicians') ? { platform: 'console', kind: ref.channelId === '#clinicians' ? 'clinicians' : 'backup' } : { platform: 'console', kind: 'direct', id: ref.channelId },
        { ...message, replaces: ref },
      );
    },
  };
}
