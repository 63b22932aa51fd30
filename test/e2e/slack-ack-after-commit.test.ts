// Slack's acknowledgement means "stored": over HTTP the response to an event
// waits until the core has committed it, so a crash before the commit leaves
// the event unacknowledged and Slack sends it again (the fault bench lost
// acknowledged messages when the adapter acknowledged on receipt).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/index.js';
import { ACK_WAIT_MS } from '../../adapters/slack/receive.js';
import { silentLogger } from '../../src/core/logger.js';
import { SIGNING_SECRET, dmEvent, eventCallback, postSigned, slackConfig, startFakeSlack, waitUntil, type FakeSlack } from './fakes/slack-api.js';

describe('GIVEN the real Bolt App over HTTP', () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;
  let url: string;
  let commit: (() => void) | undefined;
  let handed = 0;

  beforeAll(async () => {
    fake = await startFakeSlack();
    adapter = createSlackAdapter(slackConfig(fake), { logger: silentLogger(), host: '127.0.0.1', port: 0, retryConfig: { retries: 0 } });
    // A core whose commit the test releases by hand.
    await adapter.start(
      () =>
        new Promise<void>((resolve) => {
          handed++;
          commit = resolve;
        }),
    );
    url = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });

  it('WHEN a DM arrives THEN the acknowledgement waits for the commit, and comes once it is made', async () => {
    let answered = false;
    const response = postSigned(url, JSON.stringify(eventCallback(dmEvent('UPAT1', 'i am not ok'))), 'application/json', { secret: SIGNING_SECRET }).then((r) => {
      answered = true;
      return r;
    });
    await waitUntil(() => handed === 1, () => 'the core never got the event');
    // The core has the event but has not committed it: Slack has no acknowledgement yet.
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    commit!();
    expect((await response).status).toBe(200);
  });

  it('WHEN the core is slower than Slack allows THEN it is acknowledged anyway within the cap', async () => {
    expect(ACK_WAIT_MS).toBeLessThan(3_000);
    const started = Date.now();
    const res = await postSigned(url, JSON.stringify(eventCallback(dmEvent('UPAT2', 'hello'))), 'application/json', { secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(3_000);
    commit!();
  });
});
