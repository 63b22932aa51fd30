import { describe, expect, it } from 'vitest';
import { renderMessage as renderDiscord } from '../../../adapters/discord/render.js';
import { renderMessage as renderSlack } from '../../../adapters/slack/render.js';
import { previewContent } from '../../../src/content/content-command.js';
import { loadContent } from '../../../src/content/load-content.js';
import { SAMPLE_VALUES } from '../../../src/content/placeholders.js';
import { exerciseStepMessages } from '../../../src/content/render.js';
import { PROMPTS_DIR } from './helpers.js';

// Each exercise step, crisis reply and notice must go out as ONE platform
// message: a reply split in two can arrive out of order or half-rate-limited.
const lib = loadContent({ dirs: [PROMPTS_DIR] });

function patientMessages(locale: string): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  for (const ex of lib.exercises(locale)) {
    for (const form of ['short', 'long'] as const) {
      exerciseStepMessages(ex, form).forEach((m, i) => out.push({ label: `${locale} ${ex.id} ${form} ${i + 1}`, text: m.text }));
    }
  }
  for (const key of lib.list().filter((s) => s.kind === 'text' && /^(crisis|notice|safety_plan)\./.test(s.id)).map((s) => s.id)) {
    out.push({ label: `${locale} ${key}`, text: lib.text(key, locale, SAMPLE_VALUES) });
  }
  return out;
}

describe('content in each adapter text form', () => {
  for (const locale of ['en', 'es']) {
    it(`GIVEN every exercise step and crisis text in ${locale} WHEN rendered for Discord, Slack and the console THEN each is one message`, () => {
      for (const { label, text } of patientMessages(locale)) {
        const discord = renderDiscord({ text });
        expect(discord.bodies, label).toHaveLength(1);
        expect((discord.bodies[0] as { content: string }).content, label).toBe(text);
        expect(renderSlack({ text }), label).toHaveLength(1);
      }
      for (const ex of lib.exercises(locale)) {
        expect(previewContent(lib, ex.id, locale)).toContain(ex.forms.long.at(-1)!.text);
      }
    });
  }
});
