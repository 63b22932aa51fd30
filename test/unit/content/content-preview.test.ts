import { describe, expect, it } from 'vitest';
import { listContent, previewContent } from '../../../src/content/content-command.js';
import { loadContent, MAX_MESSAGE_CHARS } from '../../../src/content/load-content.js';
import { exerciseStepMessages, formatResources, renderPrompt } from '../../../src/content/render.js';
import { PROMPTS_DIR } from './helpers.js';

const lib = loadContent({ dirs: [PROMPTS_DIR] });

describe('content preview and list', () => {
  it('GIVEN every exercise WHEN previewed THEN both forms render with pacing and each step message fits 2,000 chars', () => {
    for (const locale of lib.locales) {
      for (const ex of lib.exercises(locale)) {
        const preview = previewContent(lib, ex.id, locale);
        expect(preview).toContain(ex.title);
        expect(preview).toContain('SHORT FORM');
        expect(preview).toContain('LONG FORM');
        for (const form of ['short', 'long'] as const) {
          const messages = exerciseStepMessages(ex, form);
          expect(messages.length).toBe(ex.forms[form].length);
          messages.forEach((m, i) => {
            expect(m.text.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
            expect(preview).toContain(`[${i + 1}/${messages.length}] ${m.text}`);
          });
        }
        expect(preview).toMatch(/next message in \d+ s/);
      }
    }
  });

  it('GIVEN an alias WHEN previewed THEN the exercise it names is shown', () => {
    expect(previewContent(lib, 'breathe', 'en')).toMatch(/^Box breathing/);
  });

  it('GIVEN an instrument WHEN previewed THEN items show numbered options and the scoring', () => {
    const preview = previewContent(lib, 'gad7', 'en');
    expect(preview).toContain('1/7  Feeling nervous, anxious, or on edge');
    expect(preview).toContain('  3 — Nearly every day');
    expect(preview).toMatch(/15–21 {2}severe {2}→ flags a clinician/);
    expect(preview).toContain('Source:');
  });

  it('GIVEN a prompt quoting the intention WHEN previewed THEN both the filled and the no-intention wording show', () => {
    const preview = previewContent(lib, 'landing-intentions-1', 'en');
    expect(preview).toContain('to be gentler with myself');
    expect(preview).toContain('when no intention was set');
    expect(preview).not.toContain('{{');
  });

  it('GIVEN a prompt WHEN rendered without an intention THEN the fallback is used, never empty quotes', () => {
    const p = lib.prompt('next-day-intentions-1', 'en')!;
    expect(renderPrompt(p, { intention: 'to rest' })).toContain('"to rest"');
    expect(renderPrompt(p, {})).toBe(p.textNoIntention);
    expect(renderPrompt(p, { intention: '  ' })).toBe(p.textNoIntention);
  });

  it('GIVEN a sequence, a resource and a text key WHEN previewed THEN each renders readable text', () => {
    expect(previewContent(lib, 'default', 'en')).toMatch(/day 7 at 11:00 +instrument PHQ-9/);
    expect(previewContent(lib, 'us-988', 'es')).toContain('marca 2 para español');
    const crisis = previewContent(lib, 'crisis.reply.imminent', 'es');
    expect(crisis).toContain('988');
    expect(crisis).not.toContain('{{');
  });

  it('GIVEN an unknown id WHEN previewed THEN it throws not_found', () => {
    expect(() => previewContent(lib, 'nope-nothing', 'en')).toThrow(/no content item/);
  });

  it('GIVEN the library WHEN listed THEN every kind appears in one readable table with counts', () => {
    const table = listContent(lib);
    for (const id of ['default', 'box-breathing', 'phq9', 'us-988', 'crisis.reply.imminent', 'landing-body-1']) {
      expect(table).toMatch(new RegExp(`\\s${id.replace(/\./g, '\\.')}\\s`));
    }
    expect(table.split('\n')[0]).toMatch(/^KIND\s+ID\s+LOCALES\s+TITLE$/);
    expect(table).toMatch(/\d+ prompts, 8 exercises, 6 instruments/);
  });

  it('GIVEN resources WHEN formatted for a crisis reply THEN each is one line with its contact', () => {
    const text = formatResources(lib.resources('GB', 'en'));
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('Samaritans: call 116 123 (free), 24/7');
  });
});
