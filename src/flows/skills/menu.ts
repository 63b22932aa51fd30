// The `skills` menu grouped by need, a skill's one-screen card, and its paced
// practice (sent by the exercises' pacing machinery).
import type { Skill, SkillGroup } from '../../content/types.js';
import type { Context } from '../../core/context.js';
import type { Choice } from '../../core/types.js';
import { sendPacedSteps } from '../exercises.js';
import type { Flow } from '../router.js';
import { isDosingDay } from '../dosing-day.js';
import { startActivation } from './activation.js';
import { skillsRepoFor } from './repo.js';
import { startThoughtRecord } from './thought-record.js';

const GROUPS: SkillGroup[] = ['crisis', 'facts', 'everyday'];

export function showSkillsMenu(ctx: Context): void {
  const skills = ctx.services.content.skills(ctx.locale);
  const sections = GROUPS.map((g) => {
    const lines = skills.filter((s) => s.group === g).map((s) => `• ${s.title}`);
    return `${ctx.t(`skills.group.${g}`)}\n${lines.join('\n')}`;
  });
  const choices: Choice[] = GROUPS.flatMap((g) => skills.filter((s) => s.group === g)).map((s) => ({ id: `sk:card:${s.id}`, label: s.title }));
  ctx.reply({ text: `${ctx.t('skills.menu_title')}\n\n${sections.join('\n\n')}\n\n${ctx.t('skills.menu_hint')}`, choices });
}

/** Whether it is their dosing day (one definition: dosing-day.ts). */
export function onDosingDay(ctx: Context): boolean {
  return isDosingDay(ctx.store.records, ctx.person.id, ctx.now());
}

/** The one-screen card: what it is, why it helps, any caution, and a button to begin. */
export function showCard(ctx: Context, skill: Skill): void {
  const parts = [skill.title, skill.card, `${ctx.t('skills.why')} ${skill.why}`];
  if (skill.caution) parts.push(`⚠️ ${skill.caution}`);
  if (skill.notOnDosingDay && onDosingDay(ctx)) parts.push(ctx.t('skills.dosing_day_now'));
  ctx.reply({
    text: parts.join('\n\n'),
    choices: [{ id: `sk:go:${skill.id}`, label: ctx.t(skill.flow ? 'skills.start' : 'skills.practise') }],
  });
  skillsRepoFor(ctx.store).recordUse(ctx.person.id, skill.id, 'card', ctx.nowIso());
}

/** Begin a skill: its guided flow, or its paced practice (the caution first, where it has one). */
export function startSkill(ctx: Context, skill: Skill): void {
  if (skill.flow === 'thought_record') return startThoughtRecord(ctx);
  if (skill.flow === 'activation') return startActivation(ctx);
  const intro = [skill.title, ctx.t('exercise.how_to_stop')];
  if (skill.caution) intro.splice(1, 0, `⚠️ ${skill.caution}`);
  if (skill.notOnDosingDay && onDosingDay(ctx)) intro.splice(1, 0, ctx.t('skills.dosing_day_now'));
  sendPacedSteps(ctx, intro.join('\n\n'), skill.practice ?? [], ctx.t('skills.practice_done'));
  skillsRepoFor(ctx.store).recordUse(ctx.person.id, skill.id, 'practice', ctx.nowIso());
  ctx.audit('skill.practised', undefined, { skill: skill.id });
}

/** After an accepted offer: straight into the skill (the offer already said what it is). */
export function openSkill(ctx: Context, idOrAlias: string): void {
  const skill = ctx.services.content.skill(idOrAlias, ctx.locale);
  if (!skill) return ctx.reply(ctx.t('skills.unknown', { name: idOrAlias.slice(0, 40) }));
  if (skill.caution) return showCard(ctx, skill);
  startSkill(ctx, skill);
}

export function showSkill(ctx: Context, idOrAlias: string): void {
  const skill = ctx.services.content.skill(idOrAlias, ctx.locale);
  if (!skill) {
    ctx.reply(ctx.t('skills.unknown', { name: idOrAlias.slice(0, 40) }));
    return showSkillsMenu(ctx);
  }
  showCard(ctx, skill);
}

/** Menu and card buttons: sk:card:<id> opens a card, sk:go:<id> begins the skill. */
export const skillButtonsFlow: Flow = {
  name: 'skill_buttons',
  choicePrefix: 'sk:',
  onInput(ctx) {
    const [, action, id] = (ctx.event.choice ?? '').split(':');
    const skill = ctx.services.content.skill(id ?? '', ctx.locale);
    if (!skill) return ctx.replyQuietly(ctx.t('error.choice_expired'));
    if (action === 'go') return startSkill(ctx, skill);
    showCard(ctx, skill);
  },
};
