import { describe, expect, it } from 'vitest';
import { inertMrkdwn } from '../../../adapters/slack/mrkdwn.js';
import { renderMessage } from '../../../adapters/slack/render.js';
import type { AlertView, OutboundMessage } from '../../../src/core/types.js';
import { HOSTILE_TEXTS, hostileMessage } from '../../fixtures/hostile-text.js';
import { liveSlackMarkup, slackTextObjects } from '../../fixtures/inert-checks.js';

/** An alert as the core writes it: its text quotes the message and the earlier context. */
function alertFor(words: string): OutboundMessage {
  const alert: AlertView = {
    caseId: 7, severity: 'imminent', category: 'suicidal_ideation', status: 'open', patientHandle: 'UPAT0001',
    createdAt: '2026-01-05T15:00:00.000Z', escalationLevel: 0, excerpt: words, context: [`earlier: ${words}`],
  };
  const text = [`🚨 Crisis alert: case #7 — IMMINENT · suicidal ideation`, 'Patient: UPAT0001 · 2026-01-05 15:00 UTC', `Message: “${words}”`, `Earlier: “earlier: ${words}”`, 'Reply with: ack 7 · note 7 <text> · resolve 7 <note>'].join('\n');
  return { text, alert };
}

describe('Slack: patient words in an alert are inert', () => {
  for (const h of HOSTILE_TEXTS) {
    it(`GIVEN a patient message with ${h.name} WHEN rendered as an alert THEN nothing in it is a live mention or formatting, and the words show as typed`, () => {
      const words = hostileMessage(h);
      const [post] = renderMessage(alertFor(words));
      expect(liveSlackMarkup(post!.text)).toEqual([]);
      for (const t of slackTextObjects(post!.blocks, 'mrkdwn')) {
        expect(liveSlackMarkup(t, ['<@UPAT0001>'], { formsOnly: true })).toEqual([]);
        expect(t).not.toContain('kill myself'); // the patient's words are never in mrkdwn
      }
      // In plain_text, exactly as typed.
      expect(slackTextObjects(post!.blocks, 'plain_text')).toContain(words);
    });
  }

  it('GIVEN a bare Slack id in patient words THEN it is never turned into a mention (it was, in the fallback text)', () => {
    const [post] = renderMessage(alertFor('UABCD12345 knows'));
    expect(post!.text).not.toContain('<@UABCD12345>');
    expect(post!.text).toContain('UABCD12345 knows');
  });

  it('GIVEN the on-call mention on a reminder THEN it stays live while the patient words stay inert', () => {
    const message = { ...alertFor('<!channel> *now*'), mention: 'oncall' as const };
    const [post] = renderMessage(message, { oncallMention: 'S0ONCALL' });
    expect(post!.text.startsWith('<!subteam^S0ONCALL> ')).toBe(true);
    expect(liveSlackMarkup(post!.text, ['<!subteam^S0ONCALL>'])).toEqual([]);
  });

  it('GIVEN the core\'s own text (not an alert) naming a Slack id THEN it still becomes a mention', () => {
    const [post] = renderMessage({ text: 'U04ABCD123 is now a clinician.' });
    expect(post!.text).toContain('<@U04ABCD123>');
  });

  it('GIVEN inertMrkdwn THEN & < > are escaped and formatting characters broken', () => {
    expect(inertMrkdwn('a & <b> *c*')).toBe('a &amp; &lt;b&gt; *\u200bc*\u200b');
    expect(inertMrkdwn('> q')).toBe('\u200b&gt; q');
  });
});
