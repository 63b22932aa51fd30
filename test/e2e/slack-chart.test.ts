// Trend charts on Slack: the real Bolt App and WebClient upload the PNG
// through files.uploadV2 (getUploadURLExternal, the bytes, completeUploadExternal)
// to the fake Slack, which keeps the bytes so the test can check them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { createAfterglow, type Afterglow } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { ManualClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { seedCare } from '../fixtures/care-seed.js';
import { SIGNING_SECRET, dmEvent, eventCallback, postSigned, slackEnv, startFakeSlack, waitUntil, type FakeSlack } from './fakes/slack-api.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('patient view, charts and plans on Slack (real Bolt, fake Slack)', () => {
  let fake: FakeSlack;
  let slack: SlackAdapter;
  let app: Afterglow;
  let url: string;
  const clock = new ManualClock(Date.UTC(2026, 11, 8, 15, 0));

  beforeAll(async () => {
    fake = await startFakeSlack();
    const config = loadConfig({ AFTERGLOW_DB: ':memory:', ...slackEnv(fake) });
    slack = createSlackAdapter(config.slack!, { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    app = createAfterglow({ config, adapters: [slack], clock, logger: silentLogger(), tickMs: 3_600_000, rateLimits: { slack: { perSecond: 1000, burst: 1000 } } });
    await app.start();
    url = `http://127.0.0.1:${slack.port}/slack/events`;
    // Maria's six weeks, under her Slack identity; a clinician granted by the admin.
    const id = seedCare(app.store, 'maria', clock.now());
    app.store.db.prepare(`UPDATE identities SET platform = 'slack', user_id = 'UMARIA' WHERE person_id = ?`).run(id);
    app.store.db.prepare(`UPDATE people SET onboarded_at = ? WHERE id = ?`).run(clock.now().toISOString(), id);
  });
  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });
  beforeEach(() => fake.clear());

  const send = (event: Record<string, unknown>) => postSigned(url, JSON.stringify(eventCallback(event)), 'application/json', { secret: SIGNING_SECRET });

  it('GIVEN a clinician in the clinician channel WHEN they ask "patient maria" THEN the view is posted only to them and the chart is uploaded to their DM as a PNG', async () => {
    const nurse = app.store.people.ensure({ platform: 'slack', userId: 'UNURSE' }, 'nurse', clock.now().toISOString(), { timezone: 'UTC', region: 'US' });
    app.store.people.grantRole(nurse.id, 'clinician', null, clock.now().toISOString());
    await send({ type: 'app_mention', channel: 'CCLIN', user: 'UNURSE', text: '<@UBOT0001> patient maria', ts: '1710000200.000001' });
    const view = await fake.waitFor((c) => c.method === 'chat.postEphemeral' && /Patient maria/.test(String(c.body.text)), 'patient view');
    expect(view.body).toMatchObject({ channel: 'CCLIN', user: 'UNURSE' });
    expect(String(view.body.text)).toMatch(/PHQ-9: 4 minimal/);
    const url = await fake.waitFor((c) => c.method === 'files.getUploadURLExternal', 'upload url');
    const done = await fake.waitFor((c) => c.method === 'files.completeUploadExternal', 'complete upload');
    // A file cannot be ephemeral: the picture goes to the clinician's DM, not the shared channel.
    expect(done.body.channel_id).toBe('DNURSE');
    const fileId = url.response.file_id as string;
    expect(done.body.files).toEqual([{ id: fileId, title: 'Trends for maria, last 60 days' }]);
    const bytes = fake.uploads.get(fileId)!;
    expect([...bytes.subarray(0, 8)]).toEqual(PNG);
    expect(bytes.byteLength).toBe(Number(url.body.length));
    expect(bytes.byteLength).toBeGreaterThan(10_000);
    expect(fake.callsTo('file.upload')).toHaveLength(1);
  });

  it('GIVEN a patient WHEN they DM "my trends" THEN the sparkline text and then their chart arrive in their DM', async () => {
    await send(dmEvent('UMARIA', 'my trends'));
    const text = await fake.waitFor((c) => c.method === 'chat.postMessage' && /Your last 60 days/.test(String(c.body.text)), 'trends text');
    expect(text.body.channel).toBe('DMARIA');
    const done = await fake.waitFor((c) => c.method === 'files.completeUploadExternal', 'complete upload');
    expect(done.body.channel_id).toBe('DMARIA');
    const bytes = await waitUntil(() => fake.uploads.get(done.body.files[0].id), () => 'no bytes');
    expect([...bytes.subarray(0, 8)]).toEqual(PNG);
  });

  it('GIVEN a clinician in the clinician channel WHEN they set the intensive sequence and a note in maria\'s plan THEN maria gets the note and "my plan" shows both', async () => {
    await send({ type: 'app_mention', channel: 'CCLIN', user: 'UNURSE', text: '<@UBOT0001> plan maria sequence intensive', ts: '1710000300.000001' });
    await fake.waitFor((c) => c.method === 'chat.postEphemeral' && /gets "After a session, closely/.test(String(c.body.text)), 'sequence set');
    await send({ type: 'app_mention', channel: 'CCLIN', user: 'UNURSE', text: '<@UBOT0001> plan maria note Bring your journal on Thursday.', ts: '1710000300.000002' });
    await fake.waitFor((c) => c.method === 'chat.postEphemeral' && /Note saved/.test(String(c.body.text)), 'note saved');
    // The note goes out through the scheduler's delivery rows when they are next due.
    await app.tick();
    const note = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.body.channel === 'DMARIA' && /A note from nurse: Bring your journal on Thursday\./.test(String(c.body.text)), 'note to maria');
    expect(note.body.channel).toBe('DMARIA');
    await send(dmEvent('UMARIA', 'my plan'));
    const mine = await fake.waitFor((c) => c.method === 'chat.postMessage' && /Your plan, from your care team/.test(String(c.body.text)), 'my plan');
    expect(String(mine.body.text)).toMatch(/intensive set of prompts/);
  });
});
