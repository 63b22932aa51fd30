// The whole bot on Slack: the real core (createAfterglow, SQLite in memory,
// a ManualClock for escalation) with the real Bolt App on loopback, driven by
// signed Events API requests, slash commands and block_actions against the
// project's fake Slack. Nothing of ours is mocked.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { createLogger, silentLogger } from '../../src/core/logger.js';
import { createScheduleRepo } from '../../src/store/schedule-repo.js';
import {
  SIGNING_SECRET,
  blockActions,
  channelEvent,
  commandForm,
  dmEvent,
  eventCallback,
  interactionForm,
  postSigned,
  slackEnv,
  startFakeSlack,
  viewSubmission,
  waitUntil,
  type FakeSlack,
  type SlackCall,
} from './fakes/slack-api.js';

function env(fake: FakeSlack, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { AFTERGLOW_DB: ':memory:', AFTERGLOW_ESCALATION_MINUTES: '10', ...slackEnv(fake, extra) };
}

/** Every action_id in a posted message's blocks. */
function buttons(call: SlackCall): string[] {
  const blocks = (call.body.blocks ?? call.body.view?.blocks ?? []) as { type: string; elements?: { action_id?: string }[] }[];
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
}
function buttonValue(call: SlackCall, actionId: string): string {
  const blocks = call.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[];
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)!.value;
}

describe('Afterglow on Slack over HTTP (real core, real Bolt, fake Slack)', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  let app: Afterglow;
  let url: string;
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 15, 0));

  beforeAll(async () => {
    fake = await startFakeSlack();
    const config = loadConfig(env(fake));
    const logger = process.env.DEBUG_SLACK ? createLogger({ level: 'debug' }) : silentLogger();
    slack = createSlackAdapter(config.slack!, { logger, host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    app = createAfterglow({ config, adapters: [slack], clock, logger, tickMs: 3_600_000,
      // The dispatcher's token bucket reads the injected clock, which only moves when a test moves it;
      // with Slack's real limit (burst 20) the 21st message would wait forever. (Reported to the lead.)
      rateLimits: { slack: { perSecond: 1000, burst: 1000 } },
    });
    await app.start();
    url = `http://127.0.0.1:${slack.port}/slack/events`;
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.clear());

  const post = (event: Record<string, unknown>) => postSigned(url, JSON.stringify(eventCallback(event)), 'application/json', { secret: SIGNING_SECRET });
  const dm = (user: string, text: string, body = eventCallback(dmEvent(user, text)), retryNum?: number) =>
    postSigned(url, JSON.stringify(body), 'application/json', { secret: SIGNING_SECRET, ...(retryNum !== undefined ? { retryNum } : {}) });
  const press = (user: string, on: SlackCall, actionId: string) =>
    postSigned(
      url,
      // Slack sends the message's blocks with the press, as the real payload does.
      interactionForm(blockActions(user, actionId, buttonValue(on, actionId), { channel: on.response.channel, ts: on.response.ts, blocks: on.body.blocks, text: on.body.text })),
      'application/x-www-form-urlencoded',
      { secret: SIGNING_SECRET },
    );
  const postWith = (channel: string, actionId: string, label = actionId) =>
    fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === channel && buttons(c).includes(actionId), label);
  const person = (user: string) => app.store.people.findByIdentity('slack', user);

  it('onboarding in a DM: consent, time zone and check-in time by buttons', async () => {
    expect((await dm('UPAT1', 'hello')).status).toBe(200);
    const consent = await postWith('DPAT1', 'onb:consent:yes');
    await press('UPAT1', consent, 'onb:consent:yes');
    const tz = await postWith('DPAT1', 'onb:tz:keep');
    await press('UPAT1', tz, 'onb:tz:keep');
    const time = await postWith('DPAT1', 'onb:time:09:00');
    await press('UPAT1', time, 'onb:time:09:00');
    await waitUntil(() => person('UPAT1')?.onboardedAt, () => 'not onboarded');
    expect(person('UPAT1')).toMatchObject({ consent: 'granted', checkinTime: '09:00' });
  });

  it('a check-in by buttons, the 0–10 scale rendered as one row of 11 buttons', async () => {
    await dm('UPAT1', 'checkin');
    const mood = await postWith('DPAT1', 'checkin:mood:7');
    expect(buttons(mood)).toEqual(Array.from({ length: 11 }, (_, i) => `checkin:mood:${i}`));
    await press('UPAT1', mood, 'checkin:mood:7');
    // The pressed row is replaced by the choice made, in place.
    const chosen = await fake.waitFor((c) => c.method === 'chat.update' && c.body.ts === mood.response.ts, 'chosen mark');
    expect(buttons(chosen)).toEqual([]);
    expect(JSON.stringify(chosen.body.blocks)).toContain(':white_check_mark:');
    await press('UPAT1', await postWith('DPAT1', 'checkin:anxiety:3'), 'checkin:anxiety:3');
    await press('UPAT1', await postWith('DPAT1', 'checkin:sleep:4'), 'checkin:sleep:4');
    await press('UPAT1', await postWith('DPAT1', 'checkin:note:skip'), 'checkin:note:skip');
    const id = person('UPAT1')!.id;
    const [c] = await waitUntil(() => { const r = app.store.records.recentCheckins(id, 5); return r.length ? r : undefined; }, () => 'no check-in stored');
    expect(c).toMatchObject({ mood: 7, anxiety: 3, sleep: 4 });
  });

  it('App Home: opening the tab publishes the home view with mood and a safety plan button', async () => {
    await postSigned(url, JSON.stringify(eventCallback({ type: 'app_home_opened', user: 'UPAT1', channel: 'DPAT1', tab: 'home', event_ts: '1.1' })), 'application/json', { secret: SIGNING_SECRET });
    const pub = await fake.waitFor((c) => c.method === 'views.publish', 'views.publish');
    expect(pub.body).toMatchObject({ user_id: 'UPAT1', view: { type: 'home' } });
    expect(buttons(pub)).toContain('safetyplan:show');
    expect(JSON.stringify(pub.body.view.blocks)).toMatch(/[▁▂▃▄▅▆▇█]/); // the sparkline of recent moods
  });

  it('safety plan from App Home: the home button answers in the DM, the form button opens a modal, the submission saves the plan', async () => {
    await postSigned(url, JSON.stringify(eventCallback({ type: 'app_home_opened', user: 'UPAT1', channel: 'DPAT1', tab: 'home', event_ts: '1.2' })), 'application/json', { secret: SIGNING_SECRET });
    const home = await fake.waitFor((c) => c.method === 'views.publish', 'views.publish');
    const homeButton = (home.body.view.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'safetyplan:show')!;
    await postSigned(url, interactionForm(blockActions('UPAT1', homeButton.action_id, homeButton.value, 'home')), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const plan = await postWith('DPAT1', 'safetyplan:form');
    const formPress = blockActions('UPAT1', 'safetyplan:form', buttonValue(plan, 'safetyplan:form'), { channel: plan.response.channel, ts: plan.response.ts });
    await postSigned(url, interactionForm(formPress), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const open = await fake.waitFor((c) => c.method === 'views.open', 'views.open');
    expect(open.body.trigger_id).toBe(formPress.trigger_id);
    const inputs = open.body.view.blocks as { block_id: string; optional: boolean; element: { type: string; multiline: boolean } }[];
    expect(inputs.map((b) => b.block_id)).toEqual(['step1', 'step2', 'step3', 'step4', 'step5', 'step6']);
    expect(inputs.every((b) => b.optional && b.element.multiline)).toBe(true);
    await postSigned(
      url,
      interactionForm(viewSubmission('UPAT1', open.body.view, {
        step1: { value: { type: 'plain_text_input', value: 'Racing thoughts, not sleeping' } },
        step2: { value: { type: 'plain_text_input', value: 'Walk by the river' } },
        step3: { value: { type: 'plain_text_input', value: null } },
      })),
      'application/x-www-form-urlencoded',
      { secret: SIGNING_SECRET },
    );
    const id = person('UPAT1')!.id;
    const saved = await waitUntil(() => app.store.cases.safetyPlan(id), () => 'plan not saved');
    expect(saved.steps.slice(0, 3)).toEqual(['Racing thoughts, not sleeping', 'Walk by the river', '']);
  });

  let alert: SlackCall;
  let caseId: number;

  it('a crisis DM: the patient gets the crisis reply and the clinician channel a rich alert with buttons', async () => {
    await dm('UPAT2', 'I want to kill myself tonight');
    const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT2', 'crisis reply');
    // The crisis reply by what it says: the US line (988) and the emergency number, not merely some text.
    expect(reply.body.text).toMatch(/\b988\b/);
    expect(reply.body.text).toMatch(/\b911\b/);
    alert = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN', 'clinician alert');
    const ack = buttons(alert).find((b) => b.startsWith('case:ack:'))!;
    caseId = Number(ack.split(':')[2]);
    expect(buttons(alert)).toEqual([`case:ack:${caseId}`, `case:note:${caseId}`, `case:resolve:${caseId}`, `feedback:false_alarm:${caseId}`, `feedback:wrong_category:${caseId}`]);
    // Header, fields, the message's label and text, why the screener decided, the buttons.
    expect(alert.body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'context', 'section', 'context', 'actions']);
    expect(alert.body.blocks.find((b: { block_id?: string }) => b.block_id === 'alert-why')).toBeDefined();
    expect(JSON.stringify(alert.body.blocks)).toContain('kill myself'); // the excerpt, quoted
  });

  it('a non-clinician pressing Acknowledge gets an ephemeral refusal, recorded in the audit log; the case stays open', async () => {
    await press('UNURSE', alert, `case:ack:${caseId}`);
    const refusal = await fake.waitFor((c) => c.method === 'chat.postEphemeral', 'ephemeral refusal');
    expect(refusal.body).toMatchObject({ channel: 'CCLIN', user: 'UNURSE' });
    expect(fake.callsTo('chat.update')).toHaveLength(0);
    expect(app.store.cases.get(caseId)!.status).toBe('open');
    expect(app.store.audit.forSubject('case', caseId).map((a) => a.action)).toContain('case.refused');
  });

  it('an admin (SLACK_ADMINS) grants the clinician role; the clinician acknowledges and the alert updates in place', async () => {
    await dm('UADMIN', 'grant UNURSE clinician');
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DADMIN', 'grant reply');
    expect(app.store.people.roles(person('UNURSE')!.id)).toContain('clinician');
    fake.clear();
    await press('UNURSE', alert, `case:ack:${caseId}`);
    const update = await fake.waitFor((c) => c.method === 'chat.update', 'alert update');
    expect(update.body).toMatchObject({ channel: 'CCLIN', ts: alert.response.ts });
    expect(JSON.stringify(update.body.blocks)).toContain('Acknowledged by');
    expect(buttons(update)).toEqual([`case:note:${caseId}`, `case:resolve:${caseId}`, `feedback:false_alarm:${caseId}`, `feedback:wrong_category:${caseId}`]);
    expect(app.store.cases.get(caseId)!.status).toBe('acknowledged');
    // The patient hears that a person saw their message.
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT2', 'patient told');
  });

  it('Resolve opens a modal with the press trigger; the submission resolves the case and updates the alert', async () => {
    const resolvePress = blockActions('UNURSE', `case:resolve:${caseId}`, buttonValue(alert, `case:resolve:${caseId}`), { channel: 'CCLIN', ts: alert.response.ts });
    await postSigned(url, interactionForm(resolvePress), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const open = await fake.waitFor((c) => c.method === 'views.open', 'views.open');
    expect(open.body.trigger_id).toBe(resolvePress.trigger_id);
    await postSigned(url, interactionForm(viewSubmission('UNURSE', open.body.view, { note: { value: { type: 'plain_text_input', value: 'Called; safe with family tonight' } } })), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const update = await fake.waitFor((c) => c.method === 'chat.update' && JSON.stringify(c.body.blocks).includes('Resolved by'), 'resolved update');
    expect(update.body.ts).toBe(alert.response.ts);
    expect(buttons(update)).toEqual([]);
    expect(app.store.cases.get(caseId)!.status).toBe('resolved');
  });

  it('re-escalation: an unacknowledged alert mentions on-call after the timeout, then goes to the backup channel', async () => {
    await dm('UPAT3', 'I am going to kill myself');
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN', 'first alert');
    clock.advance(11 * 60_000);
    await app.tick();
    const reminder = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && String(c.body.text).includes('<!subteam^SONCALL>'), 'on-call reminder');
    expect(reminder.body.blocks[0].text.text).toContain('<!subteam^SONCALL>');
    clock.advance(11 * 60_000);
    await app.tick();
    const backup = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CBACKUP', 'backup channel');
    expect(backup.body.text).toContain('<!subteam^SONCALL>');
  });

  it('a 429 holds back only its own destination: the other crisis message goes at once, the limited one after Retry-After', async () => {
    fake.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '30' } }); // whichever crisis message goes first
    await dm('UPAT5', 'I want to kill myself tonight');
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.response.ok, 'the other destination, not held back');
    await app.settle();
    const limited = fake.callsTo('chat.postMessage').find((c) => !c.response.ok)!;
    expect(fake.callsTo('chat.postMessage').filter((c) => c.response.ok && c.body.channel === limited.body.channel)).toHaveLength(0);
    clock.advance(31_000);
    await app.tick();
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && c.response.ok, 'alert');
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT5' && c.response.ok, 'crisis reply');
  });

  it('a risky post in a group-circle channel: the poster gets a private DM, clinicians an alert, and nothing appears in the channel', async () => {
    await post(channelEvent('CCIRCLE', 'UPAT6', 'honestly I want to kill myself tonight'));
    const groupAlert = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN', 'clinician alert');
    const id = Number(buttons(groupAlert).find((b) => b.startsWith('case:ack:'))!.split(':')[2]);
    expect(app.store.cases.get(id)).toMatchObject({ personId: person('UPAT6')!.id, status: 'open' });
    const reply = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT6', 'private crisis reply');
    expect(reply.body.text).toMatch(/\b988\b/);
    await app.settle();
    expect(fake.calls.filter((c) => c.body.channel === 'CCIRCLE')).toEqual([]);
  });

  it('a risky thread reply or edit in a group channel is screened too; the thread stays silent', async () => {
    await post(channelEvent('CCIRCLE', 'UPAT7', 'I have no reason to live', { thread_ts: '1700000000.000001' }));
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT7', 'private reply to a thread post');
    await post({
      type: 'message', subtype: 'message_changed', channel: 'CCIRCLE', channel_type: 'channel', ts: '1710000099.000001',
      message: { user: 'UPAT8', text: 'I am going to kill myself', ts: '1710000098.000001' }, previous_message: { text: 'long day' },
    });
    await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DPAT8', 'private reply to an edit');
    await app.settle();
    expect(app.store.cases.openForPerson(person('UPAT8')!.id)).toHaveLength(1);
    expect(fake.calls.filter((c) => c.body.channel === 'CCIRCLE')).toEqual([]);
  });

  it('ordinary chatter in a group channel is screened and left alone: nothing is sent anywhere', async () => {
    await post(channelEvent('CCIRCLE', 'UPAT9', 'see you all on tuesday, thanks for tonight'));
    await waitUntil(() => person('UPAT9'), () => 'the post never reached the core');
    await app.settle();
    expect(fake.calls.filter((c) => c.method.startsWith('chat.'))).toEqual([]);
    expect(app.store.cases.openForPerson(person('UPAT9')!.id)).toEqual([]);
  });

  it('a clinician quoting a patient in the clinician channel opens no case, posted plainly or to @Afterglow', async () => {
    const before = app.store.cases.all().length;
    await post({ type: 'message', channel: 'CCLIN', channel_type: 'group', user: 'UNURSE', text: 'she said she wants to kill herself: "I want to kill myself tonight"', ts: '1710000100.000001' });
    // Addressed to the bot, it reaches the core as the clinicians' conversation: answered there, never screened —
    // also for a colleague whose clinician role was never granted in the bot (the channel is what counts).
    // (Quoting the patient's own words, which the screener would alert on from anyone else.)
    await post({ type: 'app_mention', channel: 'CCLIN', user: 'UDOC2', text: '<@UBOT0001> she said she wants to kill herself; her words: "I want to kill myself tonight"', ts: '1710000100.000002' });
    await fake.waitFor((c) => (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') && c.body.channel === 'CCLIN', 'answer in the clinician channel');
    await app.settle();
    expect(app.store.people.roles(person('UDOC2')!.id)).not.toContain('clinician');
    expect(app.store.cases.all()).toHaveLength(before);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && c.body.channel === 'CCLIN' && buttons(c).some((b) => b.startsWith('case:ack:')))).toEqual([]);
    expect(fake.callsTo('conversations.open')).toEqual([]); // no crisis reply by DM to either of them
  });

  it('a Slack retry of the same event is handled once; a bad signature gets 401 and nothing is processed', async () => {
    const body = eventCallback(dmEvent('UPAT1', 'journal'));
    await dm('UPAT1', '', body);
    await dm('UPAT1', '', body, 1);
    const bad = await postSigned(url, JSON.stringify(eventCallback(dmEvent('UPAT4', 'I want to kill myself'))), 'application/json', { secret: 'not-the-secret' });
    expect(bad.status).toBe(401);
    // A later message in the same conversation is handled after the retry (the core orders per conversation).
    await dm('UPAT1', 'cancel');
    await waitUntil(() => fake.callsTo('chat.postMessage').length >= 2, () => `${fake.callsTo('chat.postMessage').length} posts`);
    await app.settle();
    const posts = fake.callsTo('chat.postMessage');
    expect(posts.every((p) => p.body.channel === 'DPAT1')).toBe(true);
    expect(posts).toHaveLength(2); // one answer to "journal" (not two), one to "cancel"
    expect(person('UPAT4')).toBeUndefined();
  });

  it('a facilitator schedules through the modal: the button opens date and time pickers, the submission creates the schedule', async () => {
    const slash = (user: string, text: string, channel: string) => postSigned(url, commandForm(user, text, channel), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const dmPost = (channel: string, pred: (text: string) => boolean, label: string) =>
      fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === channel && pred(String(c.body.text)), label);
    // The facilitator has written to the bot once; an admin from SLACK_ADMINS grants the role.
    await dm('UFAC1', 'hello');
    await waitUntil(() => person('UFAC1'), () => 'facilitator never reached the core');
    await dm('UADMIN', 'grant UFAC1 facilitator');
    await dmPost('DADMIN', (t) => t.includes('facilitator'), 'grant reply');
    expect(app.store.people.roles(person('UFAC1')!.id)).toContain('facilitator');

    expect((await slash('UFAC1', 'group create circle America/New_York', 'DFAC1')).status).toBe(200);
    await dmPost('DFAC1', (t) => t.includes('Group "circle" created (America/New_York)'), 'group created');
    fake.clear();
    await slash('UFAC1', 'schedule form', 'DFAC1');
    const offer = await postWith('DFAC1', 'schedform:submit');
    expect(buttons(offer)).toEqual(['schedform:submit']);

    const formPress = blockActions('UFAC1', 'schedform:submit', buttonValue(offer, 'schedform:submit'), { channel: offer.response.channel, ts: offer.response.ts, blocks: offer.body.blocks, text: offer.body.text });
    await postSigned(url, interactionForm(formPress), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    const open = await fake.waitFor((c) => c.method === 'views.open', 'views.open');
    expect(open.body.trigger_id).toBe(formPress.trigger_id);
    const inputs = open.body.view.blocks as { type: string; block_id: string; optional: boolean; element: { type: string; initial_value?: string } }[];
    expect(inputs.map((b) => [b.block_id, b.element.type])).toEqual([
      ['group', 'plain_text_input'],
      ['repeat', 'plain_text_input'],
      ['date', 'datepicker'],
      ['time', 'timepicker'],
      ['content', 'plain_text_input'],
    ]);
    expect(inputs.find((b) => b.block_id === 'repeat')!.element.initial_value).toBe('once');
    // Only the submission reaches the core: pressing the button posts nothing.
    await app.settle();
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);

    await postSigned(
      url,
      interactionForm(viewSubmission('UFAC1', open.body.view, {
        group: { value: { type: 'plain_text_input', value: 'circle' } },
        repeat: { value: { type: 'plain_text_input', value: 'once' } },
        date: { value: { type: 'datepicker', selected_date: '2026-01-10' } },
        time: { value: { type: 'timepicker', selected_time: '19:30' } },
        content: { value: { type: 'plain_text_input', value: 'What are you noticing this week?' } },
      })),
      'application/x-www-form-urlencoded',
      { secret: SIGNING_SECRET },
    );
    const created = await dmPost('DFAC1', (t) => /Schedule #\d+ created/.test(t), 'schedule confirmation');
    expect(created.body.text).toContain('circle · once 2026-01-10 19:30 (America/New_York) · "What are you noticing this week?" · to each member by DM · active');
    const id = Number(/Schedule #(\d+)/.exec(created.body.text)![1]);

    const repo = createScheduleRepo(app.store.db);
    const s = repo.schedule(id)!;
    expect(s).toMatchObject({
      spec: 'once 2026-01-10 19:30',
      timezone: 'America/New_York',
      content: { text: 'What are you noticing this week?' },
      target: 'dm',
      status: 'active',
      nextAt: '2026-01-11T00:30:00.000Z', // 19:30 in New York, EST
      createdBy: person('UFAC1')!.id,
    });
    expect(repo.group(s.groupId)!.name).toBe('circle');
    expect(app.store.audit.forSubject('schedule', id).map((a) => a.action)).toContain('schedule.created');
  });

  it('/afterglow works from a channel with the same command words', async () => {
    const res = await postSigned(url, commandForm('UNURSE', 'cases', 'CCLIN'), 'application/x-www-form-urlencoded', { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    const answer = await fake.waitFor((c) => (c.method === 'chat.postEphemeral' || c.method === 'chat.postMessage') && c.body.channel === 'CCLIN', 'cases answer');
    expect(answer.method).toBe('chat.postEphemeral'); // clinician listings are not shown to the whole channel
    expect(answer.body.text).toContain('#');
  });
});

describe('Afterglow on Slack over Socket Mode', () => {
  it('a DM arrives by socket, is acknowledged, and is answered through the Web API; stop closes the socket', async () => {
    const fake = await startFakeSlack();
    try {
      const config = loadConfig(env(fake, { SLACK_APP_TOKEN: 'xapp-1-e2e-app-token', SLACK_SIGNING_SECRET: '' }));
      const slack = createSlackAdapter(config.slack!, { logger: silentLogger(), retryConfig: { retries: 0 }, clientPingTimeout: 2000 });
      const app = createAfterglow({ config, adapters: [slack], logger: silentLogger(), tickMs: 3_600_000 });
      await app.start();
      await fake.waitForSocket();
      const ack = await fake.sendEnvelope('events_api', eventCallback(dmEvent('USOCK', 'hello')));
      expect(ack.envelope_id).toMatch(/^env-/);
      await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DSOCK' && buttons(c).includes('onb:consent:yes'), 'consent question');
      await app.stop();
      await fake.waitForNoSocket();
    } finally {
      await fake.close();
    }
  });
});
