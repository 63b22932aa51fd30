import { describe, expect, it } from 'vitest';
import { customIdFor, renderComponents, renderMessage, renderModal, splitText } from '../../../adapters/discord/render.js';

describe('splitText', () => {
  it('keeps short text whole and splits long text at paragraph, line or word boundaries', () => {
    expect(splitText('hi')).toEqual(['hi']);
    expect(splitText('')).toEqual(['']);
    const words = Array.from({ length: 800 }, (_, i) => `w${i}`).join(' ');
    const chunks = splitText(words);
    expect(chunks.every((c) => c.length <= 2000)).toBe(true);
    expect(chunks.join(' ')).toBe(words);
  });

  it('never splits a surrogate pair in text without spaces', () => {
    const text = '😀'.repeat(1500); // 3000 UTF-16 units
    const chunks = splitText(text);
    expect(chunks.join('')).toBe(text);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(2000);
    expect(chunks[0]!.endsWith('\ud83d')).toBe(false);
  });
});

describe('renderComponents', () => {
  it('puts up to 25 choices in rows of 5 buttons with styles', () => {
    const rows = renderComponents(Array.from({ length: 11 }, (_, n) => ({ id: `checkin:mood:${n}`, label: String(n), style: n === 0 ? ('danger' as const) : undefined }))) as any[];
    expect(rows.map((r) => r.components.length)).toEqual([5, 5, 1]);
    expect(rows[0].components[0]).toEqual({ type: 2, style: 4, label: '0', custom_id: 'checkin:mood:0' });
  });

  it('uses select menus beyond 25 choices', () => {
    const rows = renderComponents(Array.from({ length: 30 }, (_, n) => ({ id: `tz:${n}`, label: `Zone ${n}` }))) as any[];
    expect(rows).toHaveLength(2);
    expect(rows[0].components[0]).toMatchObject({ type: 3, options: expect.any(Array) });
    expect(rows[0].components[0].options).toHaveLength(25);
  });

  it('aliases choice ids over 100 characters', () => {
    const long = `x:${'y'.repeat(120)}`;
    expect(customIdFor(long).length).toBeLessThanOrEqual(100);
    expect(customIdFor('short')).toBe('short');
    expect(renderMessage({ text: 't', choices: [{ id: long, label: 'L' }] }).aliases).toEqual([[customIdFor(long), long]]);
  });
});

describe('renderMessage', () => {
  it('mentions only the on-call role, and never lets patient text ping anyone', () => {
    const r = renderMessage({ text: 'case open @everyone', mention: 'oncall' }, { oncallRoleId: 'R1' });
    expect(r.bodies[0]).toMatchObject({ content: '<@&R1> case open @everyone', allowed_mentions: { parse: [], roles: ['R1'] } });
    expect(renderMessage({ text: '@everyone hi' }).bodies[0]!.allowed_mentions).toEqual({ parse: [] });
    expect(renderMessage({ text: 'x', mention: 'oncall' }).bodies[0]).toMatchObject({ content: '@here x', allowed_mentions: { parse: ['everyone'] } });
  });

  it('renders an alert as an embed with its buttons, and remembers forms', () => {
    const form = { id: 'resolve', title: 'Resolve case 9', fields: [{ id: 'note', label: 'Note', multiline: true }] };
    const r = renderMessage({
      text: 'Crisis: river',
      alert: { caseId: 9, severity: 'imminent', category: 'suicide', status: 'acknowledged', patientHandle: 'river', createdAt: '2025-01-01T00:00:00.000Z', acknowledgedBy: 'dr-lee', escalationLevel: 1 },
      choices: [{ id: 'case:resolve:9', label: 'Resolve', form }],
    });
    expect(r.bodies).toHaveLength(1);
    const embed = r.bodies[0]!.embeds![0] as any;
    expect(embed).toMatchObject({ title: 'Case #9', description: 'Crisis: river' });
    expect(embed.fields).toEqual(expect.arrayContaining([{ name: 'Acknowledged by', value: 'dr-lee', inline: true }]));
    expect(r.forms).toEqual([['case:resolve:9', form]]);
  });

  it('does not open a form of more than five fields as a modal (an answer would be lost)', () => {
    const fields = Array.from({ length: 6 }, (_, i) => ({ id: `step${i + 1}`, label: `Step ${i + 1}` }));
    expect(renderMessage({ text: 't', choices: [{ id: 'safetyplan:form', label: 'Form', form: { id: 'p', title: 'Plan', fields } }] }).forms).toEqual([]);
  });

  it('clears buttons when an edit has none', () => {
    const r = renderMessage({ text: 'done', replaces: { platform: 'discord', channelId: 'C', messageId: 'M' } });
    expect(r.bodies[0]!.components).toEqual([]);
  });
});

describe('renderModal', () => {
  it('makes text inputs with Discord limits', () => {
    const m = renderModal('plan', { id: 'plan', title: 'A'.repeat(60), fields: [{ id: 'warning', label: 'Warning signs', multiline: true, initial: 'tired' }, { id: 'who', label: 'Who', optional: true }] }) as any;
    expect(m.title.length).toBe(45);
    expect(m.components[0].components[0]).toMatchObject({ type: 4, custom_id: 'warning', style: 2, required: true, value: 'tired' });
    expect(m.components[1].components[0]).toMatchObject({ style: 1, required: false });
  });
});
