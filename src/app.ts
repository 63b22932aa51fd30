import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';
import { loadContent } from './content/load-content.js';
import type { ContentLibrary } from './content/types.js';
import type { Adapter } from './core/adapter.js';
import { createBot, type Bot } from './core/bot.js';
import { systemClock, type Clock, type ManualClock } from './core/clock.js';
import type { Context, SendOptions, Services } from './core/context.js';
import type { RateLimit } from './core/adapter.js';
import { Dispatcher } from './core/dispatcher.js';
import { PROMPTS_DIR } from './paths.js';
import { errorCode } from './core/errors.js';
import { createLogger, type Logger } from './core/logger.js';
import { errorBoundary, periodicNotice } from './core/middleware.js';
import type { Address, MessagePriority, OutboundMessage, Platform } from './core/types.js';
import { checkinFlow } from './flows/checkin.js';
import { caseActedOn, createClinicianCommands } from './flows/clinician.js';
import { homeFlow, showHome } from './flows/home.js';
import { createCareRequests, createFreeTextHandler } from './flows/free-text.js';
import { journalFlow } from './flows/journal.js';
import { deleteDataFlow } from './flows/my-data.js';
import { startOnboarding, onboardingFlow } from './flows/onboarding.js';
import { createPatientCommands } from './flows/patient-commands.js';
import { createRouter, findCommand, type Command } from './flows/router.js';
import { createScheduleForm } from './flows/schedule-form.js';
import { safetyPlanFlow } from './flows/safety-plan.js';
import { Escalation } from './safety/escalation.js';
import { PendingEscalations } from './safety/respond.js';
import { createSafetyMiddleware } from './safety/safety-middleware.js';
import { createScheduling } from './scheduler/scheduling.js';
import { loadLexicon } from './safety/screening/load-lexicon.js';
import { createScreener } from './safety/screening/screener.js';
import { createCombinedScreener } from './safety/screening/combined.js';
import { loadModelForScreening } from './safety/screening/model/load-model.js';
import type { Screener } from './safety/screening/types.js';
import { createStore, type Store } from './store/store.js';

/** The project's own prompts/ folder, wherever the process was started from. */

export interface AfterglowOptions {
  config: Config;
  adapters?: Adapter[];
  clock?: Clock;
  logger?: Logger;
  /** An already-open store (tests that restart the bot over one file pass a new one each time). */
  store?: Store;
  content?: ContentLibrary;
  rateLimits?: Partial<Record<Platform, RateLimit>>;
  /** How often the escalation and schedule checks run with real timers (production). */
  tickMs?: number;
  /** Where the screener model's weights are (default models/screener). */
  screenerModelDir?: string;
}

export interface Afterglow {
  bot: Bot;
  store: Store;
  content: ContentLibrary;
  screener: Screener;
  escalation: Escalation;
  dispatcher: Dispatcher;
  clock: Clock;
  /** Re-escalate silent alerts and send whatever is due now. */
  tick(): Promise<void>;
  /** The next instant anything is due (outbox, re-escalation, schedules), for driving a manual clock. */
  nextWakeAt(upTo?: MessagePriority): Date | undefined;
  /** Wait for queued events, then send everything due. */
  settle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Load content and lexicon: both fail the start (not a patient at 3 a.m.) when invalid. */
export function loadLibrary(config: Config, modelDir?: string): { content: ContentLibrary; screener: Screener; modelUnavailable?: string } {
  const dirs = [PROMPTS_DIR, ...(config.contentDir ? [config.contentDir] : [])];
  const content = loadContent({ dirs });
  const clinicLexicon = config.contentDir ? join(config.contentDir, 'safety', 'lexicon.yaml') : undefined;
  const lexiconPath = clinicLexicon && existsSync(clinicLexicon) ? clinicLexicon : join(PROMPTS_DIR, 'safety', 'lexicon.yaml');
  // the model is a second signal: when it cannot load, the lexicon screens alone (never a failed start)
  const model = loadModelForScreening(modelDir);
  const screener = createCombinedScreener(createScreener(loadLexicon(lexiconPath)), model);
  return { content, screener, ...(model.ok ? {} : { modelUnavailable: model.cause }) };
}

/**
 * Move a manual clock forward to `to`, stopping at every instant something
 * falls due so deliveries happen in order and carry their own times.
 */
export async function advanceClock(app: Afterglow, clock: ManualClock, to: Date, upTo: MessagePriority = 'scheduled'): Promise<void> {
  for (let guard = 0; guard < 100_000; guard++) {
    await app.settle();
    await app.tick();
    const next = app.nextWakeAt(upTo);
    if (!next || next.getTime() > to.getTime()) break;
    if (next.getTime() > clock.now().getTime()) clock.set(next);
    else {
      // Due now but not sent (a retry wait or rate limit): step a little to avoid spinning.
      clock.advance(1000);
    }
  }
  clock.set(to);
  await app.tick();
}

/** Wire the bot: explicit construction, no singletons, no folder scanning. */
export function createAfterglow(options: AfterglowOptions): Afterglow {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const adapters = options.adapters ?? [];
  const store = options.store ?? createStore(config.dbPath);
  const loaded = loadLibrary(config, options.screenerModelDir);
  const library = options.content ? { ...loaded, content: options.content } : loaded;
  const { content, screener } = library;
  if (library.modelUnavailable) logger.warn({ code: 'screener_model_unavailable', cause: library.modelUnavailable }, `screener model unavailable, the lexicon screens alone: ${library.modelUnavailable}`);

  let dispatcher: Dispatcher | undefined;
  const send = (address: Address, message: OutboundMessage, opts: SendOptions): number | null => {
    const id = store.outbox.enqueue({
      priority: opts.priority,
      address,
      message,
      purpose: opts.purpose,
      at: clock.now().toISOString(),
      ...(opts.notBefore ? { notBefore: opts.notBefore.toISOString() } : {}),
      ...(opts.idempotencyKey ? { idempotencyKey: opts.idempotencyKey } : {}),
      personId: opts.personId ?? null,
      caseId: opts.caseId ?? null,
    });
    dispatcher?.wake(opts.priority === 'crisis' ? address.platform : undefined);
    return id;
  };

  const services: Services = { store, content, clock, config, logger, send };
  const escalation = new Escalation({ store, content, clock, config, logger, send }, (platform) =>
    adapters.some((a) => a.platform === platform && a.hasBackupChannel),
  );
  dispatcher = new Dispatcher({
    outbox: store.outbox,
    adapters,
    clock,
    logger,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    hooks: {
      onSent: (item) => escalation.onSent(item),
      onRetry: (item, err) => escalation.onRetry(item, err),
      onUnreachable: (item) => escalation.onUnreachable(item),
    },
  });

  // Scheduling: sessions, sequences, recurring check-ins, groups, questionnaires (src/scheduler).
  const pending = new PendingEscalations(logger);
  const respond = { escalation, pending, logger };
  const scheduling = createScheduling({ store, content, clock, config, logger, send, respond });

  const clinician = createClinicianCommands(escalation);
  const scheduleForm = createScheduleForm(() => commands);
  const staffCommands: Command[] = [...clinician.commands, ...scheduleForm.commands, ...scheduling.staffCommands];
  const commands: Command[] = [...createPatientCommands(() => staffCommands), ...scheduling.patientCommands, ...staffCommands];

  const freeText = createFreeTextHandler(() => commands);
  const fallback = (ctx: Context): void => {
    if (ctx.event.kind === 'home') return showHome(ctx);
    // The clinician channel is for clinicians talking to each other: the bot answers only what is addressed to it.
    if (ctx.event.conversation.kind === 'clinicians' || ctx.event.conversation.kind === 'backup') {
      if (ctx.event.viaCommand) ctx.replyQuietly(ctx.t('error.unknown_command'));
      return;
    }
    const staff = ctx.hasRole('clinician') || ctx.hasRole('facilitator');
    // After a crisis reply, a cheerful welcome or a help menu would be jarring.
    if (ctx.crisisHandled) return;
    if (!ctx.person.onboardedAt && !staff && ctx.person.consent === null) return startOnboarding(ctx);
    if (ctx.event.kind === 'choice') return ctx.replyQuietly(ctx.t('error.choice_expired'));
    if (!ctx.text) return ctx.reply(ctx.t('error.empty_message'));
    freeText(ctx);
  };

  const isCommand = (text: string): boolean => findCommand(commands, text) !== undefined;
  const safety = createSafetyMiddleware({
    ...respond,
    screener,
    facilitatorsFor: scheduling.facilitatorsFor,
    caseActedOn: (ctx) => caseActedOn(ctx, isCommand),
  });
  // Recent messages kept in memory for alert context go with the rest of a person's words.
  store.onDeletePerson((personId) => safety.forget(personId));

  const bot = createBot({
    services,
    middleware: [
      errorBoundary(logger),
      safety.middleware,
      scheduling.participation,
      // Group circles: screened above; only commands and buttons are answered there.
      async (ctx, next) => {
        if (ctx.inGroup && ctx.event.kind === 'message' && !ctx.event.viaCommand) return;
        await next();
      },
      createCareRequests(respond, isCommand),
      periodicNotice(config.noticeHours),
      createRouter({ commands, flows: [onboardingFlow, homeFlow, checkinFlow, journalFlow, safetyPlanFlow, deleteDataFlow, ...clinician.flows, ...scheduleForm.flows, ...scheduling.flows], fallback }),
    ],
  });

  let ticker: NodeJS.Timeout | undefined;
  // Only what started is stopped: if Discord fails to start after Slack did, Slack's server must still close.
  const startedAdapters: Adapter[] = [];

  let lastHousekeeping = 0;
  function housekeeping(): void {
    const now = clock.now();
    if (now.getTime() - lastHousekeeping < 3_600_000) return;
    lastHousekeeping = now.getTime();
    const n = store.housekeeping(now, config.retentionDays);
    if (n > 0) logger.info({ rows: n }, 'housekeeping');
  }

  async function tick(): Promise<void> {
    try {
      if (pending.size > 0) pending.retry(escalation);
      escalation.tick();
    } catch (err) {
      logger.error({ code: errorCode(err), err }, 'escalation check failed');
    }
    try {
      housekeeping();
    } catch (err) {
      logger.error({ code: errorCode(err), err }, 'housekeeping failed');
    }
    try {
      // Chunked: yields between short transactions, so messages are handled while it runs.
      await scheduling.tick();
    } catch (err) {
      logger.error({ code: errorCode(err), err }, 'schedule check failed');
    }
    try {
      await dispatcher!.drain();
    } catch (err) {
      // Logged, never thrown: tick runs from timers, and the next tick tries again.
      logger.error({ code: errorCode(err), err }, 'dispatch pass failed');
    }
  }

  return {
    bot,
    store,
    content,
    screener,
    escalation,
    dispatcher,
    clock,
    tick,
    nextWakeAt(upTo: MessagePriority = 'scheduled') {
      const times = [
        ...adapters.map((a) => store.outbox.nextDueAt(a.platform, upTo)),
        upTo === 'scheduled' ? store.cases.nextEscalationAt() : null,
        upTo === 'scheduled' ? (scheduling.nextWakeAt()?.toISOString() ?? null) : null,
      ].filter((t): t is string => t !== null);
      if (times.length === 0) return undefined;
      return new Date(times.sort()[0]!);
    },
    async settle() {
      await bot.idle();
      await dispatcher!.drain();
    },
    async start() {
      const recovered = store.outbox.recoverInFlight();
      if (recovered.requeued.length || recovered.uncertain.length)
        logger.warn({ requeued: recovered.requeued.length, uncertain: recovered.uncertain.length }, 'recovered messages caught mid-send by a restart');
      // Undelivered alerts go first: the outbox orders crisis items ahead of everything.
      for (const adapter of adapters) {
        await adapter.start((event) => bot.handle(event));
        startedAdapters.push(adapter);
        logger.info({ platform: adapter.platform }, 'adapter started');
      }
      dispatcher!.start();
      ticker = setInterval(() => void tick(), options.tickMs ?? 15_000);
      ticker.unref();
      // Real-time schedule ticks only on the real clock: a ManualClock (tests, scripted console) is driven by advanceClock.
      if (clock === systemClock) scheduling.startRealtime(tick);
      await tick();
    },
    async stop() {
      if (ticker) clearInterval(ticker);
      ticker = undefined;
      await scheduling.stopRealtime();
      for (const adapter of startedAdapters.splice(0)) {
        try {
          await adapter.stop();
        } catch (err) {
          logger.error({ code: errorCode(err), platform: adapter.platform }, 'adapter stop failed');
        }
      }
      await bot.idle();
      await dispatcher!.stop();
      store.close();
    },
  };
}
