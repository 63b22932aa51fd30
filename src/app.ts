import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { missingEtaTranslations, type Config } from './config.js';
import { loadContent } from './content/load-content.js';
import { resourcesDueForReview } from './content/resource-review.js';
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
import { createCheckinFlow } from './flows/checkin.js';
import { caseActedOn, createClinicianCommands, isMissedReport } from './flows/clinician.js';
import { homeFlow, showHome } from './flows/home.js';
import { createCareRequests, createFreeTextHandler } from './flows/free-text.js';
import { journalFlow } from './flows/journal.js';
import { deleteDataFlow } from './flows/my-data.js';
import { startOnboarding, onboardingFlow } from './flows/onboarding.js';
import { createPatientCommands } from './flows/patient-commands.js';
import { createPatientViewCommands, myTrendsCommand } from './flows/patient-view.js';
import { createPlanCommands } from './flows/plan.js';
import { myPlanCommand } from './flows/plan-mine.js';
import { createRouter, findCommand, type Command } from './flows/router.js';
import { createScheduleForm } from './flows/schedule-form.js';
import { exerciseReflectionFlow, promptFlow } from './flows/reflection.js';
import { safetyPlanFlow } from './flows/safety-plan.js';
import { MemoryOutbox } from './core/memory-outbox.js';
import { StoreHealth, type StoreHealthState } from './core/store-health.js';
import { createSkills } from './flows/skills/index.js';
import { Escalation } from './safety/escalation.js';
import { PendingEscalations } from './safety/respond.js';
import { createSafetyMiddleware } from './safety/safety-middleware.js';
import { createStoreDownNet } from './safety/store-down.js';
import { createScheduling } from './scheduler/scheduling.js';
import { loadLexicon } from './safety/screening/load-lexicon.js';
import { createScreener } from './safety/screening/screener.js';
import { createCombinedScreener } from './safety/screening/combined.js';
import { loadModelForScreening } from './safety/screening/model/load-model.js';
import type { Screener } from './safety/screening/types.js';
import type { LockHolder } from './store/instance-lock.js';
import { createStoreGuard } from './store-guard.js';
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
  /** Called when this instance must stop: another one took over its database. */
  onFatal?: (reason: string) => void;
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
  /** Whether the database takes writes, and who holds it (for `doctor` and the exit code). */
  storeHealth(): StoreHealthState & { lock: LockHolder | undefined; unrecorded: number };
}

/** Load content and lexicon: both fail the start (not a patient at 3 a.m.) when invalid. */
export function loadLibrary(config: Config, modelDir?: string): { content: ContentLibrary; screener: Screener; modelUnavailable?: string } {
  const dirs = [PROMPTS_DIR, ...(config.contentDir ? [config.contentDir] : [])];
  const content = loadContent({ dirs });
  const clinicLexicon = config.contentDir ? join(config.contentDir, 'safety', 'lexicon.yaml') : undefined;
  const lexiconPath = clinicLexicon && existsSync(clinicLexicon) ? clinicLexicon : join(PROMPTS_DIR, 'safety', 'lexicon.yaml');
  // the model is a second signal: when it cannot load, the lexicon screens alone (never a failed start)
  const lexicon = createScreener(loadLexicon(lexiconPath));
  if (config.screenerModel === 'off') return { content, screener: lexicon };
  const model = loadModelForScreening(modelDir);
  const screener = createCombinedScreener(lexicon, model, { modelAlonePages: config.screenerModel === 'page' });
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
  const health = new StoreHealth();
  // Crisis sends the outbox cannot take (the database refuses writes): memory, sent first.
  const memory = new MemoryOutbox();
  let unkeyed = 0;
  const sendUnrecorded = (address: Address, message: OutboundMessage, opts: { purpose: string; key: string }): void => {
    try {
      // Already in the outbox (written before the failure, or in autocommit after SQLite rolled back): it goes from there.
      if (store.outbox.hasKey(opts.key)) return;
    } catch {
      // Not even readable: memory it is.
    }
    if (memory.add(address, message, { ...opts, now: clock.now().getTime() })) dispatcher?.wake(address.platform);
  };
  const send = (address: Address, message: OutboundMessage, opts: SendOptions): number | null => {
    let id: number | null;
    try {
      id = enqueue(address, message, opts);
    } catch (err) {
      health.failed(err, clock.now());
      logger.error({ code: 'store_write_failed', cause: errorCode(err), purpose: opts.purpose, unrecorded: opts.priority === 'crisis' }, 'the outbox refused a message');
      if (opts.priority !== 'crisis') throw err;
      sendUnrecorded(address, message, { purpose: opts.purpose, key: opts.idempotencyKey ?? `unkeyed:${++unkeyed}` });
      return null;
    }
    dispatcher?.wake(opts.priority === 'crisis' ? address.platform : undefined);
    return id;
  };
  const enqueue = (address: Address, message: OutboundMessage, opts: SendOptions): number | null =>
    store.outbox.enqueue({
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
    memory,
    health,
    hooks: {
      onSent: (item) => escalation.onSent(item),
      onRetry: (item, err) => escalation.onRetry(item, err),
      onUnreachable: (item) => escalation.onUnreachable(item),
    },
  });

  // Scheduling: sessions, sequences, recurring check-ins, groups, questionnaires (src/scheduler).
  const pending = new PendingEscalations(logger);
  // Screens every event before the bot writes anything, for when the store refuses it (src/core/bot.ts SafetyNet).
  const net = createStoreDownNet({ screener, content, config, clock, logger, store, pending, sendUnrecorded });
  const respond = { escalation, pending, logger, pageUnrecorded: net.page };
  const scheduling = createScheduling({ store, content, clock, config, logger, send, respond });

  const clinician = createClinicianCommands(escalation, { lexiconVersion: screener.version });
  const scheduleForm = createScheduleForm(() => commands);
  const staffCommands: Command[] = [...clinician.commands, ...createPatientViewCommands(), ...createPlanCommands(scheduling.repo), ...scheduleForm.commands, ...scheduling.staffCommands];
  const skills = createSkills(store);
  const commands: Command[] = [...createPatientCommands(() => staffCommands), ...skills.commands, myTrendsCommand, myPlanCommand, ...scheduling.patientCommands, ...staffCommands];

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

  // A command that is ordinary words for most people ("missed our call, can someone ring me") must not
  // hide a patient's request for care or their words from an alert's context.
  const isCommand = (text: string): boolean => {
    const found = findCommand(commands, text);
    return found !== undefined && !found.command.othersPassThrough;
  };
  const safety = createSafetyMiddleware({
    ...respond,
    screener,
    facilitatorsFor: scheduling.facilitatorsFor,
    caseActedOn: (ctx) => caseActedOn(ctx, isCommand),
    quotesPatient: isMissedReport,
    isCommand,
  });
  // Recent messages kept in memory for alert context go with the rest of a person's words.
  store.onDeletePerson((personId) => safety.forget(personId));

  const bot = createBot({
    services,
    safetyNet: net,
    health,
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
      createRouter({ commands, flows: [onboardingFlow, homeFlow, createCheckinFlow(respond, scheduling.repo), journalFlow, promptFlow, exerciseReflectionFlow, safetyPlanFlow, deleteDataFlow, ...clinician.flows, ...scheduleForm.flows, ...scheduling.flows, ...skills.flows], fallback }),
    ],
  });

  const guard = createStoreGuard({
    store,
    clock,
    realTime: clock === systemClock,
    logger,
    config,
    health,
    platforms: () => adapters.map((a) => a.platform),
    sendUnrecorded,
    onLockLost: () => {
      void dispatcher!.stop();
      options.onFatal?.('another instance took over this database');
    },
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
    guard.tick();
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
    storeHealth() {
      return { ...health.state(), lock: guard.holder(), unrecorded: memory.size };
    },
    nextWakeAt(upTo: MessagePriority = 'scheduled') {
      // Stopped (another instance took the database): nothing more is due from this one.
      if (dispatcher!.stopped) return undefined;
      const times = [
        ...adapters.map((a) => memory.nextDueAt(a.platform)).filter((t): t is number => t !== undefined).map((t) => new Date(t).toISOString()),
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
      // Before anything is sent or reset: a second instance on this file stops here, naming the first.
      guard.acquire();
      for (const due of resourcesDueForReview(content, clock.now())) logger.warn({ code: 'resource_review_due', resource: due.id, checked: due.checked }, due.message);
      for (const locale of missingEtaTranslations(config, content.locales)) {
        logger.warn({ code: 'eta_translation_missing', locale }, `AFTERGLOW_CLINICIAN_ETA is set but AFTERGLOW_CLINICIAN_ETA_${locale.toUpperCase()} is not: ${locale} patients are told the default response time in their language, not yours`);
      }
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
      guard.release();
      store.close();
    },
  };
}
