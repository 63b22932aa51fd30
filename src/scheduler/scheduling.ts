// The scheduling capability assembled for app.ts: the scheduler (durable
// schedules → deliveries → outbox), its commands and flows, the facilitator
// lookup the safety middleware uses, and a middleware that records group
// participation. Dependencies come in explicitly; nothing is global.

import type { Middleware } from '../core/compose.js';
import type { Context, Services } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import type { Address } from '../core/types.js';
import { createGroupCommands, facilitatorsFor } from '../flows/groups.js';
import { exerciseOfferFlow } from '../flows/exercises.js';
import { createInstrumentFlow } from '../flows/instrument.js';
import type { Command, Flow } from '../flows/router.js';
import { createScheduleCommands } from '../flows/schedule-commands.js';
import type { RespondOptions } from '../safety/respond.js';
import type { Person } from '../store/people-repo.js';
import { createScheduler } from './scheduler.js';

export interface SchedulingOptions extends Services {
  /** How a questionnaire answer that signals risk is escalated and answered (shared with screening). */
  respond: RespondOptions;
  /** A member's message within this many hours of a group prompt counts as answering it. */
  participationHours?: number;
}

export function createScheduling(options: SchedulingOptions) {
  const scheduler = createScheduler(options);
  const { repo } = scheduler;
  const schedule = createScheduleCommands(repo);
  // The patient's own `schedule` is listed apart so staff help shows only staff commands.
  const patientCommands: Command[] = schedule.filter((c) => !c.roles);
  const staffCommands: Command[] = [...schedule.filter((c) => c.roles), ...createGroupCommands(repo)];
  const flows: Flow[] = [createInstrumentFlow(options.respond, repo), exerciseOfferFlow];
  const windowMs = (options.participationHours ?? 24) * 3_600_000;

  /** Credit a member's message (DM or group channel) to the latest group prompt they got. */
  function recordParticipation(personId: number, at: Date): string | undefined {
    return repo.recordParticipation(personId, new Date(at.getTime() - windowMs).toISOString(), at.toISOString());
  }

  const participation: Middleware<Context> = async (ctx, next) => {
    if (ctx.event.kind === 'message' && ctx.text) {
      try {
        recordParticipation(ctx.person.id, ctx.now());
      } catch (err) {
        // Bookkeeping only: never let it stand between a person and an answer.
        options.logger.warn({ code: errorCode(err) }, 'participation not recorded');
      }
    }
    await next();
  };

  return {
    scheduler,
    repo,
    patientCommands,
    staffCommands,
    flows,
    tick: () => scheduler.tick(),
    nextWakeAt: () => scheduler.nextWakeAt(),
    facilitatorsFor: (conversation: Address): Person[] => facilitatorsFor(repo, options.store.people, conversation),
    participation,
    startRealtime: (run: () => Promise<void>) => scheduler.startRealtime(run),
    stopRealtime: () => scheduler.stopRealtime(),
  };
}

export type Scheduling = ReturnType<typeof createScheduling>;
