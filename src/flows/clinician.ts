import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import { ROLES, type Role } from '../core/types.js';
import type { Escalation } from '../safety/escalation.js';
import { casesReport } from '../safety/reports.js';
import type { Person } from '../store/people-repo.js';
import { FLOW_EXPIRY_MS, type Command, type Flow } from './router.js';


/**
 * Find a person by platform user id or mention (adapters write mentions as
 * `@<user id>`), `#id`, or display handle. Handles are chosen by users and
 * may repeat or imitate someone, so a handle that fits more than one person
 * is refused with the candidates to choose by id.
 */
export function findPerson(ctx: Context, ref: string): Person | undefined {
  const r = ref.trim();
  const { people } = ctx.store;
  if (/^#\d+$/.test(r)) return people.get(Number(r.slice(1)));
  const byId = people.findByIdentity(ctx.event.platform, r.replace(/^@/, ''));
  if (byId) return byId;
  const matches = people.findByHandle(r);
  if (matches.length > 1)
    throw new CodedError('input_invalid', `More than one person is called "${r}": ${matches.map((p) => `#${p.id}`).join(', ')}. Use their #id or a mention.`);
  return matches[0];
}

const CASE_ACTIONS = ['ack', 'note', 'resolve'] as const;
const ACK = /^(?:ack|acknowledge) #?(\d{1,9})$/i;
// The text may follow on the next line or after a colon: "note 12: called her".
const NOTE = /^note #?(\d{1,9})(?:[\s:,.-]+([\s\S]*))?$/i;
const RESOLVE = /^resolve #?(\d{1,9})(?:[\s:,.-]+([\s\S]*))?$/i;
const BUTTON = /^case:(ack|note|resolve):(\d{1,9})$/;

/**
 * The case a clinician is acting on with this event, if any: a button, a
 * typed command, or the text typed after pressing "Add note" where there is
 * no modal — only when the router will take it as that note (not a command,
 * and not after the flow has expired). The safety layer asks, so that a
 * clinician's case note ("she said she wants to die") is not screened as
 * their own risk, while anything else they write still is.
 */
export function caseActedOn(ctx: Context, isCommand: (text: string) => boolean): number | undefined {
  if (ctx.event.kind === 'choice') {
    const m = BUTTON.exec(ctx.event.choice ?? '');
    return m ? Number(m[2]) : undefined;
  }
  const text = ctx.text.replace(/[ \t]+/g, ' ');
  const m = ACK.exec(text) ?? NOTE.exec(text) ?? RESOLVE.exec(text);
  if (m) return Number(m[1]);
  if (ctx.event.kind !== 'message' || isCommand(ctx.text)) return undefined;
  const state = ctx.flowState();
  if (state?.flow === 'case_text' && ctx.now().getTime() - new Date(state.updatedAt).getTime() <= FLOW_EXPIRY_MS) return Number(state.data.caseId);
  return undefined;
}

export function createClinicianCommands(escalation: Escalation): { commands: Command[]; flows: Flow[] } {
  const clinician: Role[] = ['clinician'];

  function guard(ctx: Context, action: string, caseId: number | undefined): boolean {
    if (ctx.hasRole('clinician')) return true;
    ctx.audit('case.refused', caseId === undefined ? undefined : { type: 'case', id: caseId }, { action });
    ctx.replyQuietly(ctx.t('error.not_allowed', { command: action }));
    return false;
  }

  function act(ctx: Context, action: (typeof CASE_ACTIONS)[number], caseId: number, text: string): void {
    if (!guard(ctx, action, caseId)) return;
    // A clinician can be a patient too; nobody closes the loop on their own crisis.
    if (ctx.store.cases.get(caseId)?.personId === ctx.person.id) {
      ctx.audit('case.refused', { type: 'case', id: caseId }, { action, reason: 'own_case' });
      return ctx.replyQuietly(`Case #${caseId} is about you, so another clinician needs to ${action === 'ack' ? 'acknowledge' : action} it.`);
    }
    try {
      if (action === 'ack') {
        const c = escalation.acknowledge(caseId, ctx.person.id);
        ctx.replyQuietly(c.acknowledgedBy === ctx.person.id ? `Case #${caseId} acknowledged. The patient has been told a clinician saw their message.` : `Case #${caseId} is already ${c.status}.`);
      } else if (action === 'note') {
        if (!text.trim()) return ctx.replyQuietly(`Usage: note ${caseId} <text>`);
        escalation.addNote(caseId, ctx.person.id, text.trim());
        ctx.replyQuietly(`Note added to case #${caseId}.`);
      } else {
        if (!text.trim()) return ctx.replyQuietly(`Usage: resolve ${caseId} <note> — a short note on how it was resolved is required.`);
        const before = ctx.store.cases.get(caseId);
        const c = escalation.resolve(caseId, ctx.person.id, text.trim());
        ctx.replyQuietly(before?.status === 'resolved' ? `Case #${caseId} was already resolved.` : `Case #${c.id} resolved.`);
      }
    } catch (err) {
      if (err instanceof CodedError && err.code === 'not_found') return ctx.replyQuietly(err.message);
      throw err;
    }
  }

  const commands: Command[] = [
    {
      name: 'cases',
      pattern: /^cases$/i,
      usage: 'cases',
      summary: 'list open cases with their ages',
      roles: clinician,
      run: (ctx) => ctx.replyQuietly(casesReport(ctx.store, ctx.now())),
    },
    {
      name: 'ack',
      pattern: ACK,
      usage: 'ack <case>',
      summary: 'acknowledge a case',
      run: (ctx, [id]) => act(ctx, 'ack', Number(id), ''),
    },
    {
      name: 'note',
      pattern: NOTE,
      usage: 'note <case> <text>',
      summary: 'add a note to a case',
      run: (ctx, [id, text]) => act(ctx, 'note', Number(id), text ?? ''),
    },
    {
      name: 'resolve',
      pattern: RESOLVE,
      usage: 'resolve <case> <note>',
      summary: 'resolve a case with a note',
      run: (ctx, [id, text]) => act(ctx, 'resolve', Number(id), text ?? ''),
    },
    {
      name: 'grant',
      pattern: /^grant (\S{1,100}) (\w{1,20})$/i,
      usage: 'grant <person> <role>',
      summary: 'give a person a role (patient, clinician, facilitator, admin)',
      roles: ['admin'],
      run(ctx, [who, role]) {
        const r = role!.toLowerCase() as Role;
        if (!(ROLES as readonly string[]).includes(r)) return ctx.reply(`Unknown role "${role}". Roles: ${ROLES.join(', ')}.`);
        const person = findPerson(ctx, who!);
        if (!person) return ctx.reply(`I don't know anyone called "${who}". They need to message me once first.`);
        const added = ctx.store.people.grantRole(person.id, r, ctx.person.id, ctx.nowIso());
        ctx.audit('role.granted', { type: 'person', id: person.id }, { role: r });
        const described = `${person.handle} (#${person.id}, ${ctx.store.people.identities(person.id).map((i) => `${i.platform} ${i.userId}`).join(', ')})`;
        ctx.reply(added ? `${described} is now a ${r}.` : `${described} already has the ${r} role.`);
      },
    },
    {
      name: 'revoke',
      pattern: /^revoke (\S{1,100}) (\w{1,20})$/i,
      usage: 'revoke <person> <role>',
      summary: 'take a role away',
      roles: ['admin'],
      run(ctx, [who, role]) {
        const person = findPerson(ctx, who!);
        if (!person) return ctx.reply(`I don't know anyone called "${who}".`);
        const removed = ctx.store.people.revokeRole(person.id, role!.toLowerCase() as Role);
        ctx.audit('role.revoked', { type: 'person', id: person.id }, { role });
        ctx.reply(removed ? `${person.handle} no longer has the ${role} role.` : `${person.handle} did not have the ${role} role.`);
      },
    },
    {
      name: 'summary',
      pattern: /^summary (\S{1,100})$/i,
      usage: 'summary <person>',
      summary: 'recent scores and open cases for a patient',
      roles: clinician,
      run(ctx, [who]) {
        const person = findPerson(ctx, who!);
        if (!person) return ctx.replyQuietly(`I don't know anyone called "${who}".`);
        const checkins = ctx.store.records.recentCheckins(person.id, 7);
        const lines = checkins.map(
          (c) => `${DateTime.fromISO(c.at, { zone: person.timezone }).toFormat('ccc d LLL')}: mood ${c.mood ?? '–'}, anxiety ${c.anxiety ?? '–'}, sleep ${c.sleep ?? '–'}`,
        );
        const open = ctx.store.cases.openForPerson(person.id).map((c) => `#${c.id} ${c.severity} ${c.category}`);
        ctx.audit('patient.summary_viewed', { type: 'person', id: person.id });
        ctx.replyQuietly([`Summary for ${person.handle}:`, ...(lines.length ? lines : ['no check-ins yet']), `Open cases: ${open.join(', ') || 'none'}`].join('\n'));
      },
    },
  ];

  /** Alert buttons: case:ack:N, case:note:N, case:resolve:N (with or without a submitted form). */
  const caseButtons: Flow = {
    name: 'case_text',
    choicePrefix: 'case:',
    onInput(ctx) {
      const state = ctx.flowState();
      if (ctx.event.kind === 'choice') {
        const [, action, id] = (ctx.event.choice ?? '').split(':');
        const caseId = Number(id);
        if (!CASE_ACTIONS.includes(action as (typeof CASE_ACTIONS)[number]) || !Number.isInteger(caseId)) return;
        const a = action as (typeof CASE_ACTIONS)[number];
        if (a === 'ack') return act(ctx, 'ack', caseId, '');
        const text = ctx.event.fields?.note;
        if (text !== undefined) return act(ctx, a, caseId, text);
        if (!guard(ctx, a, caseId)) return;
        // No modal on this platform: ask for the text in chat.
        ctx.setFlowState('case_text', a, { caseId });
        return ctx.replyQuietly(a === 'note' ? `Type your note for case #${caseId} (or "cancel").` : `Type a short resolution note for case #${caseId} (or "cancel").`);
      }
      if (!state) return;
      ctx.clearFlowState();
      if (/^cancel$/i.test(ctx.text)) return ctx.replyQuietly('Cancelled.');
      act(ctx, state.step as 'note' | 'resolve', Number(state.data.caseId), ctx.text);
    },
  };

  return { commands, flows: [caseButtons] };
}
