import { normaliseRegion } from '../content/load-content.js';
import { regionName, regionsWithResources } from '../content/render.js';
import type { Context } from '../core/context.js';
import { formatResources } from '../safety/crisis-reply.js';

// The patient's region decides which crisis lines every crisis reply, help
// text and notice names. The reply to `region` lists exactly the lines the
// crisis reply will list, so what the patient is told is what they will get.

/** `region` alone: where they are set and what that gives them. */
export function showRegion(ctx: Context): void {
  ctx.reply(
    ctx.t('settings.region_current', {
      region: regionName(ctx.services.content, ctx.person.region, ctx.locale),
      code: ctx.person.region,
      lines: formatResources(ctx.services.content, ctx.person.region, ctx.locale),
      available: regionsWithResources(ctx.services.content).join(', '),
    }),
  );
}

/** Sets the region; true when it was a code. Unlisted codes are kept too: they get the international fallback, and are told so. */
export function setRegion(ctx: Context, input: string): boolean {
  const code = normaliseRegion(input);
  if (!code) {
    ctx.reply(ctx.t('settings.region_invalid', { region: input.slice(0, 20), available: regionsWithResources(ctx.services.content).join(', ') }));
    return false;
  }
  ctx.store.people.set(ctx.person.id, 'region', code);
  ctx.audit('person.region_set', { type: 'person', id: ctx.person.id }, { region: code });
  const listed = regionsWithResources(ctx.services.content).includes(code);
  ctx.reply(
    ctx.t(listed ? 'settings.region_set' : 'settings.region_unlisted', {
      region: regionName(ctx.services.content, code, ctx.locale),
      code,
      lines: formatResources(ctx.services.content, code, ctx.locale),
    }),
  );
  return true;
}

/** Onboarding's question, asked only when the clinic serves more than one region. */
export function askRegion(ctx: Context): void {
  const served = ctx.services.config.regionsServed;
  ctx.reply({
    text: ctx.t('onboarding.region_ask', { region: regionName(ctx.services.content, ctx.person.region, ctx.locale) }),
    choices: served.map((code) => ({ id: `onb:region:${code}`, label: regionName(ctx.services.content, code, ctx.locale) })),
  });
}
