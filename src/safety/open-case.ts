import type { Services } from '../core/context.js';
import type { Case } from '../store/cases-repo.js';
import type { createAlertQueue } from './alert-queue.js';
import type { RaiseInput, RaiseOutcome } from './escalation.js';
import { excerptAround } from './excerpt.js';
import { firstDueAt, PAGING_SEVERITIES, type PagingSettings } from './paging-policy.js';
import { severityRank } from './severity.js';
import type { Severity } from './screening/types.js';

/** Another message on an open case reaches clinicians at most this often (unless it is more severe). */
export const FOLLOW_UP_MINUTES = 30;

/** Opening a case, or following up the one a person already has open. */
export function createCaseOpener(deps: Services, alerts: ReturnType<typeof createAlertQueue>, settings: () => PagingSettings) {
  const firstDue = (severity: Severity, at: string): string => firstDueAt(severity, new Date(at), deps.config.rota, settings()).toISOString();

  function raise(input: RaiseInput): RaiseOutcome {
    const { store, config } = deps;
    const at = deps.clock.now().toISOString();
    const minimal = config.minimalData;
    const excerpt = minimal || input.excerpt === undefined ? null : excerptAround(input.excerpt, input.focus ?? []);
    return store.transaction(() => {
      const open = store.cases.openForPerson(input.person.id)[0];
      if (open) return followUp(open, input, excerpt, at);
      const kase = store.cases.create({
        personId: input.person.id,
        severity: input.severity,
        category: input.category,
        source: input.source,
        lexiconVersion: input.lexiconVersion ?? null,
        excerpt,
        context: minimal ? null : (input.context ?? null),
        ruleIds: input.ruleIds,
        at,
        nextEscalationAt: firstDue(input.severity, at),
        platform: input.platform,
        why: input.why ?? null,
      });
      store.audit.record({
        at,
        action: 'case.created',
        subjectType: 'case',
        subjectId: kase.id,
        detail: { severity: kase.severity, category: kase.category, source: kase.source, rules: input.ruleIds, lexicon: input.lexiconVersion },
      });
      alerts.queue(kase, input.person, { kind: 'clinicians', mention: false }, 'new');
      return { kase, alerted: true };
    });
  }

  /**
   * Another risky message from someone whose case is still open. More severe:
   * the case is raised and, if a clinician had acknowledged it, reopened so it
   * needs a fresh acknowledgement and climbs the ladder again. Same or lower:
   * the clinicians still see it (an acknowledged case is not a closed ear), but
   * at most once per FOLLOW_UP_MINUTES per case, so one distressed evening does
   * not become twenty posts.
   */
  function followUp(open: Case, input: RaiseInput, excerpt: string | null, at: string): RaiseOutcome {
    const { store } = deps;
    const higher = severityRank(input.severity) < severityRank(open.severity);
    store.audit.record({
      at,
      action: higher ? 'case.raised' : 'case.followup_message',
      subjectType: 'case',
      subjectId: open.id,
      detail: { severity: input.severity, category: input.category, rules: input.ruleIds },
    });
    if (higher) {
      store.cases.raise(open.id, input.severity, input.category);
      const next = firstDue(input.severity, at);
      if (open.status === 'acknowledged') {
        store.cases.reopen(open.id, next);
        store.audit.record({ at, action: 'case.reopened', subjectType: 'case', subjectId: open.id, detail: { severity: input.severity } });
      } else if (PAGING_SEVERITIES.has(input.severity)) {
        // More severe is news: the ladder starts again from its first rung, even after summaries began.
        store.cases.setEscalation(open.id, 0, next);
      }
      const kase = store.cases.get(open.id)!;
      alerts.queue(kase, input.person, { kind: 'clinicians', mention: false }, 'raised', { excerpt });
      return { kase, alerted: true };
    }
    const last = open.lastAlertAt ? new Date(open.lastAlertAt).getTime() : 0;
    if (new Date(at).getTime() - last < FOLLOW_UP_MINUTES * 60_000) return { kase: open, alerted: false };
    alerts.queue(open, input.person, { kind: 'clinicians', mention: false }, 'followup', { excerpt });
    return { kase: open, alerted: true };
  }

  return { raise };
}
