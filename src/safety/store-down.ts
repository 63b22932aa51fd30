import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import type { ContentLibrary } from '../content/types.js';
import type { SafetyNet } from '../core/bot.js';
import type { Clock } from '../core/clock.js';
import { errorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StoreHealthState } from '../core/store-health.js';
import type { Address, InboundEvent, OutboundMessage, Platform } from '../core/types.js';
import type { Person } from '../store/people-repo.js';
import type { Store } from '../store/store.js';
import { formatResources } from './crisis-reply.js';
import type { RaiseInput } from './escalation.js';
import { excerptAround } from './excerpt.js';
import type { PendingEscalations } from './respond.js';
import type { Screener } from './screening/types.js';

// The crisis path when the database refuses writes (issue 18). Everything
// here works from memory: the screener, the content library, the event. The
// store is only read, best effort, for the person's language and region.

export type SendUnrecorded = (address: Address, message: OutboundMessage, options: { purpose: string; key: string }) => void;

export interface StoreDownOptions {
  screener: Screener;
  content: ContentLibrary;
  config: Config;
  clock: Clock;
  logger: Logger;
  store: Store;
  pending: PendingEscalations;
  sendUnrecorded: SendUnrecorded;
}

function textOf(event: InboundEvent): string {
  return [event.text ?? '', ...Object.values(event.fields ?? {})].filter(Boolean).join('\n');
}

export function createStoreDownNet(options: StoreDownOptions): SafetyNet & { page(input: RaiseInput, eventId: string): void } {
  const { screener, content, config, clock, logger, store } = options;

  function localTime(): string {
    return DateTime.fromJSDate(clock.now(), { zone: config.defaultTimezone }).toFormat('yyyy-LL-dd HH:mm ZZZZ');
  }

  /** An alert for clinicians that no case backs: no buttons, no reminders, said plainly. */
  function page(input: RaiseInput, eventId: string): void {
    const review = input.severity === 'review';
    const lines = [
      `${review ? '🔎 For review' : '🚨 Crisis alert'} — NOT RECORDED: the database is refusing writes — ${input.severity.toUpperCase()} · ${input.category.replace(/_/g, ' ')}`,
      `Patient: ${input.person.handle} on ${input.platform} · ${localTime()}`,
    ];
    if (!config.minimalData && input.excerpt) lines.push(`Message: “${excerptAround(input.excerpt, input.focus ?? [])}”`);
    else if (config.minimalData) lines.push('Message text withheld (minimal-data mode): open the patient record through your clinic’s system.');
    lines.push(
      'No case could be opened, so this alert has no buttons and no reminders will follow: reach the patient directly. ' +
        'When the database takes writes again a case is opened and alerted with its number.',
    );
    const message: OutboundMessage = { text: lines.join('\n') };
    if (!review) message.mention = 'oncall';
    options.sendUnrecorded({ platform: input.platform, kind: 'clinicians' }, message, { purpose: 'alert', key: `alert:${eventId}` });
  }

  /** Who wrote, as far as the store can still tell; otherwise the clinic's defaults. */
  function personOf(event: InboundEvent): { person: Person; known: boolean } {
    try {
      const found = store.people.findByIdentity(event.platform, event.from.userId);
      if (found) return { person: found, known: true };
    } catch (err) {
      logger.error({ code: 'store_read_failed', cause: errorCode(err) }, 'could not read the person; using the default language and region');
    }
    const handle = event.from.handle ?? event.from.userId;
    const at = clock.now().toISOString();
    return {
      known: false,
      person: {
        id: 0, handle, createdAt: at, timezone: config.defaultTimezone, locale: 'en', region: config.defaultRegion,
        consent: null, onboardedAt: null, checkinTime: null, checkinDays: '', quietStart: '', quietEnd: '',
        pausedUntil: null, optedOutAt: null, intention: null, lastNoticeAt: null, unreachableAt: null,
      },
    };
  }

  function before(event: InboundEvent): ((error: unknown) => void) | undefined {
    if (event.kind !== 'message' && event.kind !== 'edit' && event.kind !== 'choice') return undefined;
    // The clinicians' own channels are their work, not patient risk (as in the safety middleware).
    if (event.conversation.kind === 'clinicians' || event.conversation.kind === 'backup') return undefined;
    const text = textOf(event);
    if (!text.trim()) return undefined;
    // Without recent context: that lives in the database. The middleware screens again with it when the store works.
    const result = screener.screen(text, { recent: [] });
    if (!(result.alert && result.severity && result.category)) return undefined;
    const { severity, category } = result;
    return () => {
      const { person, known } = personOf(event);
      const key = content.hasText(`crisis.reply.${category}`) ? `crisis.reply.${category}` : `crisis.reply.${severity}`;
      const reply = content.text(key, person.locale, { resources: formatResources(content, person.region, person.locale), eta: config.clinicianEta });
      // Keyed by event, like the recorded crisis reply: a platform retry answers once.
      options.sendUnrecorded(
        { platform: event.platform, kind: 'direct', id: event.from.userId },
        { text: reply },
        { purpose: 'crisis_reply', key: `crisis_reply:${event.id}` },
      );
      const input: RaiseInput = {
        person,
        platform: event.platform as Platform,
        severity,
        category,
        source: 'screen',
        ruleIds: result.matches.map((m) => m.ruleId),
        lexiconVersion: screener.version,
        excerpt: text,
        focus: result.matches.map((m) => m.matched),
      };
      page(input, event.id);
      // The case is written once the database recovers (a person the store never knew cannot be: the page is the record).
      if (known) options.pending.add(input, event.id);
      logger.error({ code: 'store_write_failed', eventId: event.id, severity, caseQueued: known }, 'crisis answered and paged from memory; not recorded');
    };
  }

  return { before, page };
}

/** What the clinician channel is told when the database starts or stops refusing writes. */
export function storeNotice(state: StoreHealthState, change: 'failing' | 'recovered' | 'still_failing', zone: string): OutboundMessage {
  const since = state.since ? DateTime.fromISO(state.since, { zone }).toFormat('yyyy-LL-dd HH:mm ZZZZ') : 'now';
  if (change === 'recovered')
    return { text: '✅ Afterglow’s database takes writes again. Crisis messages from the outage are being opened as cases now; other messages sent during it were not answered.' };
  if (state.lockLost)
    return {
      text: '⚠️ Another Afterglow instance took over this database, so this one has stopped answering. Make sure only one instance runs per database (see docs/OPERATIONS.md).',
      mention: 'oncall',
    };
  return {
    text:
      `⚠️ ${change === 'still_failing' ? 'Still failing: ' : ''}Afterglow cannot write to its database (${state.code ?? 'error'}) since ${since}. ` +
      'Crisis messages are still answered and paged here, but nothing is recorded and other messages go unanswered. ' +
      'Fix the database (AFTERGLOW_DB: disk space, permissions); if this notice does not clear within a minute of the fix, restart Afterglow.',
    mention: 'oncall',
  };
}
