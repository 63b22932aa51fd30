import { DateTime } from 'luxon';
import type { Context } from '../core/context.js';
import { CodedError } from '../core/errors.js';
import { ROLES, type Role } from '../core/types.js';
import type { Escalation } from '../safety/escalation.js';
import { createCaseCommands } from './case-commands.js';
import { createFeedbackCommands } from './feedback-commands.js';
import { rotaCommands } from './rota-command.js';
import type { Person } from '../store/people-repo.js';
import type { Command, Flow } from './router.js';
import { skillSummaryLines } from './skills/summary.js';


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

export { caseActedOn } from './case-commands.js';
export { isMissedReport } from './feedback-parse.js';

export function createClinicianCommands(escalation: Escalation, screener: { lexiconVersion: string }): { commands: Command[]; flows: Flow[] } {
  const clinician: Role[] = ['clinician'];
  const cases = createCaseCommands(escalation);
  const feedback = createFeedbackCommands(screener);
  const commands: Command[] = [
    ...cases.commands,
    ...feedback.commands,
    ...rotaCommands(),
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
        const skillLines = skillSummaryLines(ctx.store, person, ctx.now());
        ctx.replyQuietly([`Summary for ${person.handle}:`, ...(lines.length ? lines : ['no check-ins yet']), ...skillLines, `Open cases: ${open.join(', ') || 'none'}`].join('\n'));
      },
    },
  ];
  return { commands, flows: [...cases.flows, ...feedback.flows] };
}
