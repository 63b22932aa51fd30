// The whole bot on Discord: the real core (createAfterglow, SQLite in a temp
// file) with the Discord adapter on the real discord.js Client, against the
// loopback fake gateway and REST server. No mocks, no sleeps.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../adapters/discord/index.js';
import { createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/core/logger.js';
import { createScheduleRepo } from '../../src/store/schedule-repo.js';
import { FakeDiscord, discordEnv, type FakeUser, type RestCall } from './fakes/discord-fake.js';

const GUILD = '110000000000000001';
const CLINIC = '110000000000000010';
const CIRCLE = '110000000000000011';
const CLINICIAN_ROLE = '110000000000000020';
const ONCALL_ROLE = '110000000000000021';

let userSeq = 0;
const newUser = (name: string): FakeUser => ({ id: String(300000000000000000n + BigInt(++userSeq)), username: name });
const clinician: FakeUser = { id: '390000000000000001', username: 'dr-lee' };
const admin: FakeUser = { id: '390000000000000002', username: 'ops-admin' };

/** Custom ids of every component on a message body. */
function customIds(body: any): string[] {
  return (body?.components ?? []).flatMap((row: any) =>
    (row.components ?? []).flatMap((c: any) => [c.custom_id, ...(c.options ?? []).map((o: any) => o.value)]),
  );
}

describe('GIVEN Afterglow on Discord (real core, real discord.js, loopback fake)', () => {
  const fake = new FakeDiscord({
    guilds: [{ id: GUILD, channels: [{ id: CLINIC, name: 'clinicians' }, { id: CIRCLE, name: 'circle' }] }],
    members: { [clinician.id]: [CLINICIAN_ROLE] },
    roles: [CLINICIAN_ROLE, ONCALL_ROLE],
  });
  let app: Afterglow;
  let client: Client | undefined;
  let dir: string;
  const clientErrors: unknown[] = [];

  /** The latest message (as the fake stored it) that carries a component with this custom id. */
  const messageWith = (customId: string, after = 0) =>
    fake.waitFor(() => {
      const call = [...fake.calls].reverse().find((c) => c.at >= after && c.response && customIds(c.response).includes(customId));
      return call?.response;
    }, `a message with button ${customId}`);
  const dmPosts = (user: FakeUser) =>
    fake.calls.filter(
      (c) => (c.method === 'POST' && c.path === `/channels/${fake.dmChannelOf(user.id)}/messages`) || (c.response?.channel_id === fake.dmChannelOf(user.id) && c.path.startsWith('/webhooks/')),
    );
  const person = (user: FakeUser) => app.store.people.findByIdentity('discord', user.id);

  async function onboard(user: FakeUser): Promise<void> {
    fake.sendDm(user, 'hello');
    let msg = await messageWith('onb:consent:yes');
    fake.clickButton(user, msg, 'onb:consent:yes');
    msg = await messageWith('onb:tz:keep');
    fake.clickButton(user, msg, 'onb:tz:keep');
    msg = await messageWith('onb:time:09:00');
    fake.clickButton(user, msg, 'onb:time:09:00');
    await fake.waitFor(() => person(user)?.onboardedAt, 'onboarding finished');
  }

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'afterglow-discord-'));
    const config = loadConfig({
      AFTERGLOW_DB: join(dir, 'afterglow.db'),
      AFTERGLOW_LOG_LEVEL: 'silent',
      ...discordEnv(fake, { DISCORD_ONCALL_ROLE_ID: ONCALL_ROLE, DISCORD_CLINICIAN_ROLE_ID: CLINICIAN_ROLE, DISCORD_ADMINS: admin.id }),
    });
    const adapter = createDiscordAdapter(config.discord!, {
      logger: silentLogger(),
      rest: { globalRequestsPerSecond: 10_000, retries: 0 },
      onClient: (c) => {
        client = c;
        c.on('error', (e) => clientErrors.push(e));
      },
    });
    app = createAfterglow({ config, adapters: [adapter], logger: silentLogger(), tickMs: 600_000 });
    await app.start();
  });

  afterAll(async () => {
    await app?.stop();
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => fake.clear());
  afterEach(() => expect(clientErrors).toEqual([]));

  it('WHEN a new patient DMs THEN onboarding runs by buttons to the end', async () => {
    const river = newUser('river');
    await onboard(river);
    expect(person(river)).toMatchObject({ consent: 'granted' });
    // Every button press was acknowledged with a deferred update.
    const callbacks = await fake.waitFor(() => {
      const found = fake.calls.filter((c) => c.path.startsWith('/interactions/'));
      return found.length === 3 && found;
    }, 'three acknowledgements');
    expect(callbacks.every((c) => c.body.type === 6)).toBe(true);
  });

  it('WHEN a patient checks in by buttons THEN each answer is stored and the next question follows', async () => {
    const sam = newUser('sam');
    await onboard(sam);
    fake.sendDm(sam, 'checkin');
    for (const choice of ['checkin:mood:7', 'checkin:anxiety:3', 'checkin:sleep:4', 'checkin:note:skip']) {
      const msg = await messageWith(choice);
      fake.clickButton(sam, msg, choice);
    }
    const checkin = await fake.waitFor(() => app.store.records.recentCheckins(person(sam)!.id)[0], 'check-in stored');
    expect(checkin).toMatchObject({ mood: 7, anxiety: 3, sleep: 4 });
  });

  it('WHEN a patient uses a slash command THEN it is deferred and answered in the deferred reply', async () => {
    const ada = newUser('ada');
    await onboard(ada);
    fake.clear();
    const id = fake.slashCommand(ada, 'journal', [{ name: 'write', type: 1, options: [{ name: 'text', type: 3, value: 'felt lighter today' }] }]);
    const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/`));
    expect(ack.body).toMatchObject({ type: 5 });
    const reply = await fake.waitForCall('PATCH', new RegExp(`^/webhooks/${fake.applicationId}/itok-${id}/messages/@original$`));
    expect(reply.body.content.length).toBeGreaterThan(0);
    expect(app.store.records.recentJournal(person(ada)!.id)[0]).toMatchObject({ text: 'felt lighter today' });
  });

  it('WHEN someone new uses a slash command while their role lookup is slow THEN it is deferred at once, before the core has the event', async () => {
    // Discord allows 3 s to acknowledge; the bot's own work (the lookup, then the core) takes what it
    // takes, so the deferral must not wait for any of it. The fake holds the lookup to make it slow.
    const eve = newUser('eve');
    const lookup = fake.hold({ method: 'GET', path: new RegExp(`^/guilds/${GUILD}/members/${eve.id}$`) });
    const id = fake.slashCommand(eve, 'help');
    const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${id}/`));
    expect(ack.body).toMatchObject({ type: 5 });
    await fake.waitFor(() => lookup.waiting.length === 1 || undefined, 'the role lookup, held');
    expect(person(eve)).toBeUndefined();
    lookup.release();
    const reply = await fake.waitForCall('PATCH', new RegExp(`^/webhooks/${fake.applicationId}/itok-${id}/messages/@original$`));
    expect(reply.body.content.length).toBeGreaterThan(0);
    expect(person(eve)).toBeDefined();
  });

  let crisisCase = 0;
  let alertMessage: any;

  it('WHEN a patient DMs a crisis message THEN they get the crisis reply and clinicians an alert with buttons', async () => {
    const kim = newUser('kim');
    await onboard(kim);
    fake.clear();
    fake.sendDm(kim, 'I want to kill myself tonight');
    const alert = await fake.waitForCall('POST', new RegExp(`^/channels/${CLINIC}/messages$`));
    expect(alert.body.embeds[0].title).toMatch(/^Case #\d+$/);
    crisisCase = Number(/#(\d+)/.exec(alert.body.embeds[0].title)![1]);
    expect(customIds(alert.body)).toEqual(expect.arrayContaining([`case:ack:${crisisCase}`, `case:note:${crisisCase}`, `case:resolve:${crisisCase}`]));
    expect(alert.body.allowed_mentions).toMatchObject({ parse: [] });
    alertMessage = alert.response;
    await fake.waitFor(() => dmPosts(kim).length > 0 || undefined, 'crisis reply in the DM');
    expect(app.store.cases.openForPerson(person(kim)!.id)).toHaveLength(1);
  });

  it('WHEN someone without the clinician role presses Acknowledge THEN an ephemeral refusal, recorded, and the alert unchanged', async () => {
    expect(alertMessage).toBeDefined();
    const visitor = newUser('visitor');
    const press = fake.clickButton(visitor, alertMessage, `case:ack:${crisisCase}`, { guildId: GUILD, roles: [] });
    const refusal = await fake.waitForCall('POST', new RegExp(`^/webhooks/${fake.applicationId}/itok-${press}$`));
    expect(refusal.body.flags).toBe(64);
    await app.settle();
    expect(fake.calls.filter((c) => c.path.startsWith(`/channels/${CLINIC}/`))).toEqual([]);
    expect(app.store.cases.get(crisisCase)!.status).toBe('open');
    expect(app.store.audit.forSubject('case', crisisCase).map((a) => a.action)).toContain('case.refused');
  });

  it('WHEN a clinician presses Acknowledge THEN the alert is edited in place', async () => {
    const press = fake.clickButton(clinician, alertMessage, `case:ack:${crisisCase}`, { guildId: GUILD, roles: [CLINICIAN_ROLE] });
    await fake.waitForCall('POST', new RegExp(`^/interactions/${press}/`), (b) => b.type === 6);
    const edit = await fake.waitFor(
      () =>
        fake.calls.find(
          (c) =>
            c.method === 'PATCH' &&
            (c.path === `/channels/${CLINIC}/messages/${alertMessage.id}` || c.path === `/webhooks/${fake.applicationId}/itok-${press}/messages/@original`),
        ),
      'alert edited',
    );
    expect(JSON.stringify(edit.body.embeds)).toContain('acknowledged');
    expect(customIds(edit.body)).not.toContain(`case:ack:${crisisCase}`);
    expect(app.store.cases.get(crisisCase)!.status).toBe('acknowledged');
    expect(fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${CLINIC}/messages`)).toEqual([]);
  });

  it('WHEN a clinician presses Add note THEN a modal opens at once and the submitted note is stored', async () => {
    fake.clear();
    const press = fake.clickButton(clinician, alertMessage, `case:note:${crisisCase}`, { guildId: GUILD, roles: [CLINICIAN_ROLE] });
    const modal = await fake.waitForCall('POST', new RegExp(`^/interactions/${press}/`));
    expect(modal.body).toMatchObject({ type: 9, data: { custom_id: `case:note:${crisisCase}` } });
    fake.submitModal(clinician, `case:note:${crisisCase}`, { note: 'phoned, safe with partner' }, alertMessage, { guildId: GUILD, roles: [CLINICIAN_ROLE] });
    const note = await fake.waitFor(() => app.store.cases.notes(crisisCase)[0], 'note stored');
    expect(note).toMatchObject({ text: 'phoned, safe with partner' });
  });

  it('WHEN a patient opens the safety plan THEN the six-step form degrades to questions in chat (a modal holds five inputs)', async () => {
    const noor = newUser('noor');
    await onboard(noor);
    fake.sendDm(noor, 'my safety plan');
    const msg = await messageWith('safetyplan:form');
    fake.clear();
    const press = fake.clickButton(noor, msg, 'safetyplan:form');
    const ack = await fake.waitForCall('POST', new RegExp(`^/interactions/${press}/`));
    expect(ack.body.type).toBe(6);
    await messageWith('safetyplan:skip');
  });

  it('WHEN a facilitator schedules through the form THEN its five fields open as a modal of text inputs and the submission creates the schedule', async () => {
    const fern = newUser('fern');
    // Any reply the bot posts or edits, wherever it goes (DM post, interaction follow-up or edit).
    const answered = (pattern: RegExp, label: string) =>
      fake.waitFor(() => fake.calls.find((c) => (c.method === 'POST' || c.method === 'PATCH') && pattern.test(String(c.body?.content ?? ''))), label);
    fake.sendDm(fern, 'hello');
    await fake.waitFor(() => person(fern), 'the facilitator reached the core');
    fake.sendDm(admin, `grant ${fern.id} facilitator`);
    await answered(/is now a facilitator/, 'grant reply');
    expect(app.store.people.roles(person(fern)!.id)).toContain('facilitator');
    fake.sendDm(fern, 'group create circle America/New_York');
    await answered(/Group "circle" created \(America\/New_York\)/, 'group created');

    fake.sendDm(fern, 'schedule form');
    const offer = await messageWith('schedform:submit');
    fake.clear();
    const press = fake.clickButton(fern, offer, 'schedform:submit');
    const modal = await fake.waitForCall('POST', new RegExp(`^/interactions/${press}/`));
    expect(modal.body).toMatchObject({ type: 9, data: { custom_id: 'schedform:submit', title: 'Schedule a prompt' } });
    // No date or time pickers on Discord: five text inputs (the most a modal holds), the multiline one as a paragraph.
    const inputs = modal.body.data.components.map((row: any) => row.components[0]);
    expect(inputs.map((c: any) => [c.custom_id, c.type, c.style, c.required])).toEqual([
      ['group', 4, 1, true],
      ['repeat', 4, 1, true],
      ['date', 4, 1, false],
      ['time', 4, 1, true],
      ['content', 4, 2, true],
    ]);
    expect(inputs[1].value).toBe('once');
    // The expected format is shown where a picker would be.
    expect(inputs[2].placeholder).toBe('YYYY-MM-DD');
    expect(inputs[3].placeholder).toBe('HH:MM');
    expect(inputs.every((c: any) => c.label.length <= 45)).toBe(true);

    const day = `${new Date().getUTCFullYear() + 1}-07-15`; // always ahead, and in summer time
    fake.submitModal(fern, 'schedform:submit', { group: 'circle', repeat: 'once', date: day, time: '18:00', content: 'What are you noticing this week?' }, offer);
    const created = await answered(/Schedule #\d+ created/, 'schedule confirmation');
    expect(created.body.content).toContain(`circle · once ${day} 18:00 (America/New_York) · "What are you noticing this week?" · to each member by DM · active`);
    const id = Number(/Schedule #(\d+)/.exec(created.body.content)![1]);
    const s = createScheduleRepo(app.store.db).schedule(id)!;
    expect(s).toMatchObject({
      spec: `once ${day} 18:00`,
      timezone: 'America/New_York',
      content: { text: 'What are you noticing this week?' },
      target: 'dm',
      status: 'active',
      nextAt: `${day}T22:00:00.000Z`, // 18:00 in New York, EDT
      createdBy: person(fern)!.id,
    });
  });

  it('WHEN a risky post appears in a group channel THEN the poster gets a private reply, clinicians an alert, and nothing is posted in the group', async () => {
    const lee = newUser('lee');
    await onboard(lee);
    fake.clear();
    fake.sendGuildMessage(GUILD, CIRCLE, lee, 'honestly I want to kill myself tonight');
    await fake.waitForCall('POST', new RegExp(`^/channels/${CLINIC}/messages$`));
    await fake.waitFor(() => dmPosts(lee).length > 0 || undefined, 'private reply by DM');
    await app.settle();
    const inCircle = (c: RestCall) => c.path.startsWith(`/channels/${CIRCLE}`) || c.response?.channel_id === CIRCLE;
    expect(fake.calls.filter(inCircle)).toEqual([]);
  });

  it('WHEN clinicians quote a patient in the clinician channel THEN no case is opened: their own talk is not screened as patient risk', async () => {
    const colleague = newUser('dr-roe'); // no clinician role mapped: the channel alone is what counts
    const before = app.store.cases.all().length;
    fake.sendGuildMessage(GUILD, CLINIC, clinician, 'she said she wants to kill herself: "I want to kill myself tonight"', [CLINICIAN_ROLE]);
    fake.sendGuildMessage(GUILD, CLINIC, colleague, 'her words were "I am going to kill myself"');
    await fake.waitFor(() => person(colleague), 'the colleague\'s post reached the core');
    await app.settle();
    expect(app.store.cases.all()).toHaveLength(before);
    // No alert and no crisis reply by DM to either of them.
    expect(fake.calls.filter((c) => c.method === 'POST' && customIds(c.body).some((id) => id.startsWith('case:ack:')))).toEqual([]);
    expect([...dmPosts(clinician), ...dmPosts(colleague)]).toEqual([]);
  });

  // The facilitator's private note for a risky group post is covered platform-neutrally in
  // test/flows/crisis.test.ts ('risky posts in group circles').

  it('WHEN the gateway sends RECONNECT in the middle of a check-in THEN the client RESUMEs and the press made meanwhile is handled', async () => {
    const mo = newUser('mo');
    await onboard(mo);
    fake.sendDm(mo, 'checkin');
    const mood = await messageWith('checkin:mood:5');
    const resumesBefore = fake.resumeCount;
    fake.requestReconnect();
    // Pressed while the client is away: Discord replays it on RESUME.
    fake.clickButton(mo, mood, 'checkin:mood:5');
    await fake.waitFor(() => fake.resumeCount > resumesBefore || undefined, 'RESUME', 3000);
    const anxiety = await messageWith('checkin:anxiety:2');
    // And once more after a dropped connection (no RECONNECT, the socket just dies).
    fake.dropConnection();
    fake.clickButton(mo, anxiety, 'checkin:anxiety:2');
    await fake.waitFor(() => fake.resumeCount > resumesBefore + 1 || undefined, 'second RESUME', 3000);
    await messageWith('checkin:sleep:3');
    expect(fake.identifyCount).toBe(1);
    expect(fake.gatewayOps.filter((o) => o.op === 6).every((o) => o.d.session_id === 'fake-session-1')).toBe(true);
    expect(client?.isReady()).toBe(true);
  });
});
