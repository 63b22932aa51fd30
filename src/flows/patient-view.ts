// The care team's patient view (`patient <person>`) with its trend chart,
// and the patient's own chart (`my trends`). Facts are read through narrow
// store queries; the words come from patient-view-model.ts; the picture from
// src/charts (its library is loaded only when a chart is drawn).
import type { Config } from '../config.js';
import type { ContentLibrary } from '../content/types.js';
import type { Context } from '../core/context.js';
import { errorCode } from '../core/errors.js';
import type { OutboundImage } from '../core/types.js';
import { chartText, isEmpty, type ChartData } from '../charts/chart-data.js';
import { trendChart, type TrendInput } from '../charts/trend-chart.js';
import type { Person } from '../store/people-repo.js';
import type { Store } from '../store/store.js';
import { findPerson } from './clinician.js';
import { patientViewText, type PatientFacts } from './patient-view-model.js';
import type { Command } from './router.js';

const DAY = 86_400_000;
/** How far back the view and the chart look. */
export const VIEW_DAYS = 60;
/** Above this the picture is not put in the outbox; the sparkline stands in. */
const MAX_PNG_BYTES = 512 * 1024;

export function gatherFacts(store: Store, content: ContentLibrary, config: Pick<Config, 'minimalData'>, person: Person, now: Date): PatientFacts {
  const since = new Date(now.getTime() - VIEW_DAYS * DAY).toISOString();
  const cases = store.cases.forPerson(person.id).map((c) => ({ ...c, notes: store.cases.notes(c.id) }));
  const sessions = store.care.sessions(person.id);
  const plan = store.care.plan(person.id);
  const assignments = store.care.assignments(person.id);
  const ids = new Set<number>([
    ...cases.flatMap((c) => [c.acknowledgedBy, c.resolvedBy, ...c.notes.map((n) => n.authorPersonId)]),
    ...sessions.map((s) => s.recordedBy),
    ...assignments.map((a) => a.assignedBy),
    plan?.updatedBy ?? null,
  ].filter((x): x is number => x !== null));
  const names = new Map([...ids].map((id) => [id, store.people.get(id)?.handle ?? `#${id}`]));
  const se = content.instrument('side_effects', 'en');
  return {
    person,
    identities: store.people.identities(person.id).map((i) => `${i.platform} ${i.userId}`),
    sessions,
    checkins: store.care.checkinsSince(person.id, since),
    results: store.care.results(person.id, since),
    cases,
    plan,
    assignments,
    names,
    sideEffectLabels: new Map((se?.items ?? []).map((i) => [i.id, i.id.replace(/^se_/, '').replaceAll('_', ' ')])),
    minimalData: config.minimalData,
  };
}

/** The chart's data for one person, labelled in `locale` (PHQ-9 and GAD-7 bands from prompts/instruments). */
export function chartFor(store: Store, content: ContentLibrary, person: Person, now: Date, t: (key: string) => string): ChartData {
  const from = new Date(now.getTime() - VIEW_DAYS * DAY);
  const instruments: TrendInput['instruments'] = ['phq9', 'gad7'].flatMap((id) => {
    const ins = content.instrument(id, 'en');
    if (!ins) return [];
    const max = ins.items.reduce((s, i) => s + Math.max(...i.options.map((o) => o.value)), 0);
    return [{ id, title: id === 'phq9' ? 'PHQ-9' : 'GAD-7', max, bands: ins.bands }];
  });
  return trendChart({
    from,
    to: now,
    timezone: person.timezone,
    checkins: store.care.checkinsSince(person.id, from.toISOString()),
    results: store.care.results(person.id, from.toISOString()),
    sessions: store.care.sessions(person.id).map((s) => s.at),
    instruments,
    labels: {
      title: t('chart.title'),
      checkins: t('chart.checkins'),
      mood: t('chart.mood'),
      anxiety: t('chart.anxiety'),
      sleep: t('chart.sleep'),
      sleepPanel: t('chart.sleep_panel'),
      sessions: t('chart.sessions'),
      empty: t('chart.empty'),
    },
  });
}

/** The chart as an image for a message, or undefined (with the reason logged) when it cannot be drawn. */
export async function chartImage(ctx: Context, chart: ChartData, alt: string): Promise<OutboundImage | undefined> {
  try {
    const { renderChartPng } = await import('../charts/render-png.js');
    const png = await renderChartPng(chart);
    if (png.byteLength > MAX_PNG_BYTES) {
      ctx.services.logger.warn({ bytes: png.byteLength }, 'chart too large for the outbox; sending the text form');
      return undefined;
    }
    return { filename: 'chart.png', alt, pngBase64: Buffer.from(png).toString('base64') };
  } catch (err) {
    // The text and sparkline still go out: a missing picture must not cost the whole view.
    ctx.services.logger.warn({ code: errorCode(err) }, 'chart not drawn');
    return undefined;
  }
}

async function showPatient(ctx: Context, who: string): Promise<void> {
  const person = findPerson(ctx, who);
  if (!person) return ctx.replyQuietly(`I don't know anyone called "${who}".`);
  const now = ctx.now();
  const text = patientViewText(gatherFacts(ctx.store, ctx.services.content, ctx.services.config, person, now), now);
  const chart = chartFor(ctx.store, ctx.services.content, person, now, (k) => ctx.services.content.text(k, 'en'));
  ctx.audit('patient.viewed', { type: 'person', id: person.id });
  const image = isEmpty(chart) ? undefined : await chartImage(ctx, chart, `Trends for ${person.handle}, last ${VIEW_DAYS} days`);
  ctx.replyQuietly({ text: image ? text : `${text}\n\n${chartText(chart)}`, ...(image ? { image } : {}) });
}

async function showMyTrends(ctx: Context): Promise<void> {
  const now = ctx.now();
  const chart = chartFor(ctx.store, ctx.services.content, ctx.person, now, (k) => ctx.t(k));
  ctx.audit('patient.trends_viewed', { type: 'person', id: ctx.person.id });
  if (isEmpty(chart)) return ctx.reply(ctx.t('chart.none'));
  const image = await chartImage(ctx, chart, ctx.t('chart.alt', { days: VIEW_DAYS }));
  ctx.reply({ text: `${ctx.t('chart.intro', { days: VIEW_DAYS })}\n${chartText(chart)}`, ...(image ? { image } : {}) });
}

export function createPatientViewCommands(): Command[] {
  return [
    {
      name: 'patient',
      pattern: /^patient (\S{1,100})$/i,
      usage: 'patient <person>',
      summary: 'a patient\'s sessions, scores and trends, side effects, cases and plan, with a chart',
      roles: ['clinician'],
      run: (ctx, [who]) => showPatient(ctx, who!),
    },
  ];
}

/** The patient's own: their data only, whoever they name. */
export const myTrendsCommand: Command = {
  name: 'my trends',
  pattern: /^(?:my trends|mis tendencias)$/i,
  usage: 'my trends',
  summary: 'help.my_trends',
  run: showMyTrends,
};
