import { describe, expect, it } from 'vitest';
import { inertMarkdown, renderMessage } from '../../../adapters/discord/render.js';
import type { AlertView, OutboundMessage } from '../../../src/core/types.js';
import { HOSTILE_TEXTS, hostileMessage } from '../../fixtures/hostile-text.js';
import { liveDiscordMarkdown } from '../../fixtures/inert-checks.js';

const ONCALL = '110000000000000021';

function alertFor(words: string, handle = 'kim'): OutboundMessage {
  const alert: AlertView = {
    caseId: 7, severity: 'imminent', category: 'suicidal_ideation', status: 'open', patientHandle: handle,
    createdAt: '2026-01-05T15:00:00.000Z', escalationLevel: 0, excerpt: words, context: [`earlier: ${words}`],
  };
  const text = [`🚨 Crisis alert: case #7 — IMMINENT · suicidal ideation`, `Patient: ${handle} · 2026-01-05 15:00 UTC`, `Message: “${words}”`, `Earlier: “earlier: ${words}”`, 'Reply with: ack 7 · note 7 <text> · resolve 7 <note>'].join('\n');
  return { text, alert };
}

/** Discord's own reading of a backslash: the next character as itself. */
const unescape = (s: string) => s.replace(/\\(.)/gs, '$1').replace(/\u200b/g, '');

describe('Discord: patient words in an alert are inert', () => {
  for (const h of HOSTILE_TEXTS) {
    it(`GIVEN a patient message with ${h.name} WHEN rendered as an alert THEN no markdown or mention in it is live, it pings no one, and it reads as typed`, () => {
      const words = hostileMessage(h);
      const { bodies } = renderMessage(alertFor(words), { oncallRoleId: ONCALL });
      const body = bodies.at(-1)!;
      const embed = body.embeds![0] as { description: string; fields: { value: string }[] };
      expect(liveDiscordMarkdown(embed.description)).toEqual([]);
      expect(unescape(embed.description)).toContain(words);
      expect(body.content).toBe('');
      expect(body.allowed_mentions).toEqual({ parse: [] });
    });
  }

  it('GIVEN a reminder with the on-call mention THEN only the configured role may ping, and patient words still cannot', () => {
    const { bodies } = renderMessage({ ...alertFor('@everyone <@&999999999999999999> <@123456789012345678>'), mention: 'oncall' }, { oncallRoleId: ONCALL });
    expect(bodies[0]!.content).toBe(`<@&${ONCALL}>`);
    expect(bodies[0]!.allowed_mentions).toEqual({ parse: [], roles: [ONCALL] });
    const embed = bodies.at(-1)!.embeds![0] as { description: string };
    expect(liveDiscordMarkdown(embed.description)).toEqual([]);
  });

  it('GIVEN a display name with markdown THEN the Patient field shows it as typed', () => {
    const { bodies } = renderMessage(alertFor('i want to die', '**Sam** @everyone'));
    const field = (bodies.at(-1)!.embeds![0] as { fields: { name: string; value: string }[] }).fields.find((f) => f.name === 'Patient')!;
    expect(liveDiscordMarkdown(field.value)).toEqual([]);
    expect(unescape(field.value)).toBe('**Sam** @everyone');
  });

  it('GIVEN inertMarkdown THEN headings, quotes, lists and broadcasts are escaped', () => {
    expect(inertMarkdown('# a\n> b\n- c\n@here')).toBe('\\# a\n\\> b\n\\- c\n@\u200bhere');
  });
});
