// The skills commands, English and Spanish. Only distinctive words are
// commands of their own (a thought-record answer such as "accept" or "please"
// must never be taken for one); every skill is reachable as `skill <name>`.
import { DateTime } from 'luxon';
import type { Context } from '../../core/context.js';
import { declineLatestOffer } from '../offers.js';
import type { Command } from '../router.js';
import { showSkill, showSkillsMenu } from './menu.js';
import { skillsRepoFor } from './repo.js';
import { startActivation } from './activation.js';
import { startThoughtRecord } from './thought-record.js';

/** The patient's own view: thought-record changes, activities and skills used, over the last 90 days. */
export function showMySkills(ctx: Context): void {
  const repo = skillsRepoFor(ctx.store);
  const day = (iso: string) => DateTime.fromISO(iso, { zone: ctx.person.timezone }).setLocale(ctx.locale).toFormat('ccc d LLL');
  const records = repo.thoughtRecords(ctx.person.id, 10);
  const plans = repo.plans(ctx.person.id, 10);
  const since = new Date(ctx.now().getTime() - 90 * 86_400_000).toISOString();
  const uses = repo.useCounts(ctx.person.id, since);
  if (!records.length && !plans.length && !uses.length) return ctx.reply(ctx.t('skills.mine_none'));
  const parts = [ctx.t('skills.mine_title')];
  if (records.length) {
    parts.push(ctx.t('skills.mine_records'), ...records.map((r) => `• ${day(r.at)}: ${r.before ?? '–'} → ${r.after ?? '–'}`));
  }
  if (plans.length) {
    const result = (p: (typeof plans)[number]) =>
      p.done === null ? ctx.t('skills.mine_plan_open') : `${ctx.t(`activation.did.${p.done}`)}${p.rating !== null ? `, ${p.rating}/10` : ''}`;
    parts.push(ctx.t('skills.mine_plans'), ...plans.map((p) => `• ${day(p.plannedFor)}: ${p.activity} — ${result(p)}`));
  }
  if (uses.length) {
    const title = (id: string) => ctx.services.content.skill(id, ctx.locale)?.title ?? id;
    parts.push(ctx.t('skills.mine_used'), ...uses.map((u) => `• ${title(u.skill)}: ${u.n}×`));
  }
  ctx.reply(parts.join('\n'));
}

export function createSkillCommands(): Command[] {
  return [
    { name: 'skills', pattern: /^(?:skills|habilidades)$/i, usage: 'skills', summary: 'help.skills', run: showSkillsMenu },
    { name: 'my skills', pattern: /^(?:my skills|mis habilidades)$/i, usage: 'my skills', summary: 'help.my_skills', run: showMySkills },
    {
      name: 'skill',
      pattern: /^(?:skill|habilidad) ([\p{L}\d\- ]{1,40})$/iu,
      usage: 'skill <name>',
      summary: 'help.skill',
      run: (ctx, [name]) => showSkill(ctx, name!),
    },
    {
      name: 'thought record',
      pattern: /^(?:thought record|registro de pensamientos?)$/i,
      usage: 'thought record',
      summary: 'help.thought_record',
      run: startThoughtRecord,
    },
    { name: 'tipp', pattern: /^tipp$/i, usage: 'tipp', summary: 'help.tipp', run: (ctx) => showSkill(ctx, 'tipp') },
    {
      name: 'plan something',
      pattern: /^(?:plan something|planear algo|una cosa pequeña)$/i,
      usage: 'plan something',
      summary: 'help.plan_something',
      run: startActivation,
    },
    {
      name: 'not now',
      pattern: /^(?:not now|ahora no)$/i,
      usage: 'not now',
      summary: 'help.not_now',
      run(ctx) {
        ctx.reply(ctx.t(declineLatestOffer(ctx) ? 'offer.declined' : 'offer.nothing_to_decline'));
      },
    },
  ];
}
