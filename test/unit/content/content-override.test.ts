import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../../src/content/load-content.js';
import { PROMPTS_DIR, tempContentDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function clinic(files: Record<string, string>): string {
  const t = tempContentDir(files);
  cleanups.push(t.cleanup);
  return t.dir;
}

const base = loadContent({ dirs: [PROMPTS_DIR] });

describe('clinic override folder', () => {
  it('GIVEN a clinic folder replacing one exercise WHEN loaded THEN that exercise changes and the rest stay', () => {
    const dir = clinic({
      'exercises/en/box.yaml': `
id: box-breathing
title: Square breath (Riverside Clinic)
summary: Our clinic's version.
aliases: [box, breathe, breathing]
forms:
  short:
    - { text: Breathe in a square with us., seconds: 30 }
  long:
    - { text: Breathe in a square with us slowly., seconds: 60 }
`,
    });
    const lib = loadContent({ dirs: [PROMPTS_DIR, dir] });
    expect(lib.exercise('box', 'en')?.title).toBe('Square breath (Riverside Clinic)');
    expect(lib.exercise('box-breathing', 'en')?.forms.short).toEqual([{ text: 'Breathe in a square with us.', seconds: 30 }]);
    expect(lib.exercises('en').map((e) => e.id)).toEqual(base.exercises('en').map((e) => e.id));
    expect(lib.exercise('body-scan', 'en')).toEqual(base.exercise('body-scan', 'en'));
    expect(lib.prompts('en')).toEqual(base.prompts('en'));
    expect(lib.text('crisis.reply.high', 'en', { resources: 'R', eta: 'soon' })).toBe(
      base.text('crisis.reply.high', 'en', { resources: 'R', eta: 'soon' }),
    );
  });

  it('GIVEN a clinic folder replacing one text key WHEN loaded THEN only that key changes, other locales keep theirs', () => {
    const dir = clinic({
      'text/en/ours.yaml': 'crisis.clinician_seen: Dr. Lee\'s team has seen your message and will call you.\n',
    });
    const lib = loadContent({ dirs: [PROMPTS_DIR, dir] });
    expect(lib.text('crisis.clinician_seen', 'en')).toBe("Dr. Lee's team has seen your message and will call you.");
    expect(lib.text('crisis.clinician_seen', 'es')).toBe(base.text('crisis.clinician_seen', 'es'));
    expect(lib.text('notice.not_human', 'en')).toBe(base.text('notice.not_human', 'en'));
  });

  it('GIVEN a clinic folder adding a dated resource and a prompt WHEN loaded THEN they extend the defaults', () => {
    const dir = clinic({
      'resources/en/clinic.yaml': `
- id: us-riverside-oncall
  region: US
  name: Riverside Clinic on-call
  contact: call 555-0100
  hours: 24/7
  source: Riverside Clinic
  checked: 2026-11-01
- { id: us-fireside, disabled: true }
`,
      'integration/en/extra.yaml': `
- id: clinic-walk
  phase: days_2_7
  theme: body
  text: Our garden is open to patients every afternoon. Fancy a slow walk there this week?
`,
    });
    const lib = loadContent({ dirs: [PROMPTS_DIR, dir] });
    const us = lib.resources('US', 'en').map((r) => r.id);
    expect(us).toContain('us-riverside-oncall');
    expect(us).not.toContain('us-fireside');
    expect(us).toContain('us-988');
    expect(lib.prompt('clinic-walk', 'en')?.theme).toBe('body');
    expect(lib.prompts('en')).toHaveLength(base.prompts('en').length + 1);
  });

  it('GIVEN a Spanish locale without a key WHEN text is asked in es-MX THEN it falls back to es, then English', () => {
    expect(base.text('crisis.reply.high', 'es-MX', { resources: 'R', eta: 'pronto' })).toBe(
      base.text('crisis.reply.high', 'es', { resources: 'R', eta: 'pronto' }),
    );
    expect(base.text('intention.ask', 'fr')).toBe(base.text('intention.ask', 'en'));
    expect(base.exercise('body-scan', 'es')).toEqual(base.exercise('body-scan', 'en'));
    expect(base.exercise('box', 'es')?.title).toBe('Respiración cuadrada');
    expect(base.exercise('respirar', 'es-MX')?.id).toBe('box-breathing');
    expect(base.exercise('respirar', 'en')).toBeUndefined();
  });

  it('GIVEN a new language folder WHEN loaded THEN the language exists without any code change', () => {
    const dir = clinic({ 'text/fr/crisis.yaml': 'crisis.clinician_seen: Un membre de votre équipe de soins a vu votre message.\n' });
    const lib = loadContent({ dirs: [PROMPTS_DIR, dir] });
    expect(lib.locales).toContain('fr');
    expect(lib.text('crisis.clinician_seen', 'fr')).toMatch(/équipe de soins/);
    expect(lib.text('notice.not_human', 'fr')).toBe(lib.text('notice.not_human', 'en'));
  });

  it('GIVEN text with placeholders WHEN filled THEN vars are substituted, and an unknown key throws', () => {
    const text = base.text('crisis.reply.moderate', 'en', { resources: '• 988', eta: 'within the hour' });
    expect(text).toContain('• 988');
    expect(text).toContain('within the hour');
    expect(text).not.toContain('{{');
    expect(() => base.text('no.such.key', 'en')).toThrow(/unknown text key: no.such.key/);
    expect(base.hasText('no.such.key')).toBe(false);
  });
});
