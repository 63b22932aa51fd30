import { describe, expect, it } from 'vitest';
import { buttonValue, formFromValue, renderChoices } from '../../../adapters/slack/choices.js';
import { LIMITS, escapeText, mentionIds, mentionMarkup, splitText } from '../../../adapters/slack/mrkdwn.js';
import { renderAlert } from '../../../adapters/slack/render-alert.js';
import { renderMessage, type Block } from '../../../adapters/slack/render.js';
import { markChosen, renderHome, renderModal } from '../../../adapters/slack/views.js';
import type { AlertView, FormSpec } from '../../../src/core/types.js';

const sectionTexts = (blocks: Block[]) => blocks.filter((b) => b.type === 'section' && b.text).map((b) => (b.text as { text: string }).text);

describe('splitText', () => {
  it('GIVEN short text THEN one piece', () => {
    expect(splitText('hello')).toEqual(['hello']);
  });
  it('GIVEN long text THEN pieces within the limit, cut at paragraph or word boundaries, nothing lost', () => {
    const para = 'word '.repeat(500).trim(); // 2499 chars
    const text = [para, para, para].join('\n\n');
    const parts = splitText(text, 3000);
    expect(parts.every((p) => p.length <= 3000)).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' '));
    expect(parts[0]!.endsWith('word')).toBe(true);
  });
  it('GIVEN one unbroken run THEN hard cuts at the limit', () => {
    const parts = splitText('x'.repeat(7000), 3000);
    expect(parts.map((p) => p.length)).toEqual([3000, 3000, 1000]);
  });
});

describe('renderMessage', () => {
  it('GIVEN plain text THEN one mrkdwn section, escaped, and the fallback text', () => {
    const [post] = renderMessage({ text: 'a < b & **c**' });
    expect(post!.text).toBe('a &lt; b &amp; c'.replace('c', '**c**'));
    expect(sectionTexts(post!.blocks)).toEqual(['a &lt; b &amp; *c*']);
  });
  it('GIVEN very long text THEN sections ≤ 3000 chars, ≤ 50 blocks per post, buttons on the last post', () => {
    const text = Array.from({ length: 60 }, (_, i) => `${i} ${'calm '.repeat(580)}`).join('\n\n'); // ~60 × 2900
    const posts = renderMessage({ text, choices: [{ id: 'done', label: 'Done' }] });
    expect(posts.length).toBeGreaterThan(1);
    for (const p of posts) {
      expect(p.blocks.length).toBeLessThanOrEqual(LIMITS.blocksPerMessage);
      expect(p.text.length).toBeGreaterThan(0);
      for (const t of sectionTexts(p.blocks)) expect(t.length).toBeLessThanOrEqual(LIMITS.sectionText);
    }
    expect(posts.at(-1)!.blocks.at(-1)!.type).toBe('actions');
    expect(posts.slice(0, -1).some((p) => p.blocks.some((b) => b.type === 'actions'))).toBe(false);
  });
  it('GIVEN a 0–10 scale THEN 11 buttons in one actions block, action_id = choice id', () => {
    const [post] = renderMessage({ text: 'Mood?', choices: Array.from({ length: 11 }, (_, i) => ({ id: `checkin:mood:${i}`, label: String(i) })) });
    const actions = post!.blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const els = actions[0]!.elements as { action_id: string; value: string }[];
    expect(els.map((e) => e.action_id)).toEqual(Array.from({ length: 11 }, (_, i) => `checkin:mood:${i}`));
  });
  it('GIVEN more than 25 choices THEN several actions blocks of at most 25, unique block ids', () => {
    const blocks = renderChoices(Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, label: `C${i}` })));
    expect(blocks.map((b) => (b.elements as unknown[]).length)).toEqual([25, 25, 10]);
    expect(new Set(blocks.map((b) => b.block_id)).size).toBe(3);
  });
  it('GIVEN an exercise step THEN a context line with the pace', () => {
    const [post] = renderMessage({ text: 'Breathe in', step: { index: 2, total: 5, seconds: 30 } });
    expect(post!.blocks.at(-1)).toMatchObject({ type: 'context', elements: [{ text: 'Step 2 of 5 · about 30 s' }] });
  });
  it('GIVEN mention oncall THEN the configured group is mentioned in text and first section', () => {
    const [post] = renderMessage({ text: 'Still unacknowledged', mention: 'oncall' }, { oncallMention: 'S123' });
    expect(post!.text.startsWith('<!subteam^S123>')).toBe(true);
    expect(sectionTexts(post!.blocks)[0]!.startsWith('<!subteam^S123>')).toBe(true);
  });
});

describe('mentionMarkup', () => {
  it('maps user groups, users, @here and verbatim markup', () => {
    expect(mentionMarkup('oncall', undefined)).toBe('<!here>');
    expect(mentionMarkup('oncall', 'S0ONCALL')).toBe('<!subteam^S0ONCALL>');
    expect(mentionMarkup('oncall', 'U0DOC')).toBe('<@U0DOC>');
    expect(mentionMarkup('oncall', '<!subteam^S1|@oncall>')).toBe('<!subteam^S1|@oncall>');
    expect(mentionMarkup('here', 'S0ONCALL')).toBe('<!here>');
    expect(mentionMarkup(undefined, 'S0ONCALL')).toBeUndefined();
  });
});

describe('renderAlert', () => {
  const alert: AlertView = {
    caseId: 12, severity: 'imminent', category: 'suicidal_ideation', status: 'acknowledged', patientHandle: 'sam <x>',
    createdAt: '2026-01-01T03:00:00.000Z', excerpt: 'I want to end it', context: ['earlier: rough week'], acknowledgedBy: 'Dr Lee', escalationLevel: 1,
  };
  it('GIVEN an alert THEN header, fields, quoted excerpt, context and who acknowledged', () => {
    const blocks = renderAlert(alert, { text: '🚨 Crisis alert: case #12\nPatient: sam' }, undefined);
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: '🚨 Crisis alert: case #12' } });
    const fields = blocks.find((b) => b.block_id === 'alert-fields')!.fields as { text: string }[];
    expect(fields.map((f) => f.text)).toContain('*Patient*\nsam &lt;x&gt;');
    expect(fields.length).toBeLessThanOrEqual(10);
    // The patient's words are plain_text, which Slack never formats or turns into mentions.
    expect(blocks.find((b) => b.block_id === 'alert-excerpt')).toMatchObject({ text: { type: 'plain_text', text: 'I want to end it', emoji: false } });
    expect(blocks.find((b) => b.block_id === 'alert-status')).toMatchObject({ elements: [{ text: ':eyes: Acknowledged by *Dr Lee*' }] });
  });
  it.each([
    ['imminent', ':rotating_light:'],
    ['high', ':rotating_light:'],
    ['moderate', ':large_yellow_circle:'],
    ['review', ':information_source:'],
  ] as const)('GIVEN a %s alert with a mention THEN the mention carries %s (a review case never looks like an emergency)', (severity, icon) => {
    const blocks = renderAlert({ ...alert, severity }, { text: 'x' }, '<!here>');
    expect(blocks.find((b) => b.block_id === 'alert-mention')).toMatchObject({ text: { text: `<!here> ${icon}` } });
  });
  it('GIVEN an alert that says why the screener decided THEN the card shows it, escaped; without one, no such block', () => {
    const blocks = renderAlert({ ...alert, why: 'rule si.want_to_die <@U1> matched' }, { text: 'x' }, undefined);
    expect(blocks.find((b) => b.block_id === 'alert-why')).toMatchObject({ elements: [{ type: 'plain_text', text: 'Why: rule si.want_to_die <@U1> matched' }] });
    expect(renderAlert(alert, { text: 'x' }, undefined).some((b) => b.block_id === 'alert-why')).toBe(false);
  });
  it('GIVEN minimal-data mode (no excerpt) THEN no excerpt block', () => {
    const { excerpt: _e, context: _c, ...bare } = alert;
    const blocks = renderAlert(bare, { text: 'x' }, '<!here>');
    expect(blocks.some((b) => b.block_id === 'alert-excerpt' || b.block_id === 'alert-context')).toBe(false);
    expect(sectionTexts(blocks)[0]!.startsWith('<!here>')).toBe(true);
  });
  it('GIVEN acknowledgedAt and resolvedAt THEN when, in each reader\'s time zone', () => {
    const blocks = renderAlert(
      { ...alert, status: 'resolved', acknowledgedAt: '2026-01-01T03:05:00.000Z', resolvedBy: 'U0DRLEE', resolvedAt: '2026-01-01T04:10:00.000Z' },
      { text: 'x' },
      undefined,
    );
    const status = blocks.find((b) => b.block_id === 'alert-status')!.elements as { text: string }[];
    expect(status[0]!.text).toContain(`<!date^${Date.UTC(2026, 0, 1, 3, 5) / 1000}^`);
    expect(status[1]!.text).toContain('Resolved by *<@U0DRLEE>*');
    expect(status[1]!.text).toContain(`<!date^${Date.UTC(2026, 0, 1, 4, 10) / 1000}^`);
  });
  it('GIVEN alert choices THEN rendered as buttons after the alert', () => {
    const [post] = renderMessage({
      text: 'Crisis', alert: { ...alert, status: 'open' },
      choices: [{ id: 'case:ack:12', label: 'Acknowledge', style: 'primary' }, { id: 'case:resolve:12', label: 'Resolve', form: { id: 'r', title: 'Resolve', fields: [{ id: 'note', label: 'Note' }] } }],
    });
    const actions = post!.blocks.at(-1)!;
    expect(actions.elements).toMatchObject([{ action_id: 'case:ack:12', style: 'primary' }, { action_id: 'case:resolve:12' }]);
  });
});

describe('forms', () => {
  const form: FormSpec = { id: 'schedule', title: 'Schedule a group prompt for the circle', fields: [{ id: 'text', label: 'Prompt', multiline: true }] };
  it('GIVEN a form on a button THEN the value carries it and decodes back', () => {
    const v = buttonValue({ id: 'group:schedule', label: 'Schedule', form });
    expect(v.length).toBeLessThanOrEqual(LIMITS.buttonValue);
    expect(formFromValue(v)).toEqual(form);
    expect(formFromValue('case:ack:1')).toBeUndefined();
  });
  it('GIVEN a form too big for a button THEN the value says "form" (looked up by id)', () => {
    const big: FormSpec = { ...form, fields: [{ id: 'x', label: 'L', initial: 'y'.repeat(2500) }] };
    expect(buttonValue({ id: 'a', label: 'A', form: big })).toBe('form');
  });
  it('GIVEN a FormSpec THEN a modal with input blocks keyed by field id, title within 24 chars, metadata kept', () => {
    const view = renderModal(form, { c: 'group:schedule', ch: 'CG', ts: '1.2' });
    expect((view.title as { text: string }).text.length).toBeLessThanOrEqual(24);
    expect(view.blocks[0]).toMatchObject({ type: 'input', block_id: 'text', element: { type: 'plain_text_input', multiline: true } });
    expect(JSON.parse(view.private_metadata as string)).toEqual({ c: 'group:schedule', ch: 'CG', ts: '1.2' });
  });
  it('GIVEN date/time field types THEN Slack pickers', () => {
    const withPickers: FormSpec = {
      id: 's', title: 'Schedule',
      fields: [
        { id: 'day', label: 'Day', type: 'date', initial: '2026-02-01' },
        { id: 'at', label: 'Time', type: 'time', initial: '09:30' },
        { id: 'when', label: 'When', type: 'datetime', initial: '2026-02-01T09:30:00Z' },
      ],
    };
    const view = renderModal(withPickers, { c: 'x' });
    expect(view.blocks.map((b) => (b.element as { type: string }).type)).toEqual(['datepicker', 'timepicker', 'datetimepicker']);
    expect(view.blocks[2]).toMatchObject({ element: { initial_date_time: Date.UTC(2026, 1, 1, 9, 30) / 1000 } });
  });
});

describe('renderHome', () => {
  it('GIVEN text paragraphs and choices THEN header, buttons, sections with dividers', () => {
    const view = renderHome({ text: 'Your Afterglow\n\nNext prompt: tomorrow 9:00\n\nMood ▁▃▅▆▇', choices: [{ id: 'safety:show', label: 'My safety plan' }] });
    expect(view.type).toBe('home');
    expect(view.blocks.map((b) => b.type)).toEqual(['header', 'actions', 'divider', 'section', 'divider', 'section']);
  });
  it('mentionIds turns bare Slack user ids into mentions, and nothing else', () => {
    expect(mentionIds('U04ABCD123 is now a clinician')).toBe('<@U04ABCD123> is now a clinician');
    expect(mentionIds('UNFORTUNATELY, and <@U04ABCD123> and x:U04ABCD123')).toBe('UNFORTUNATELY, and <@U04ABCD123> and x:<@U04ABCD123>');
    expect(mentionIds('code U1 or WORD2')).toBe('code U1 or WORD2');
  });
  it('escapeText escapes control characters', () => {
    expect(escapeText('<@U1> & co')).toBe('&lt;@U1&gt; &amp; co');
  });
});

describe('markChosen', () => {
  it('GIVEN a pressed choice THEN the rows of choices become one line naming it; other blocks stay', () => {
    const [post] = renderMessage({ text: 'Mood?', choices: Array.from({ length: 30 }, (_, i) => ({ id: `m:${i}`, label: `L${i}` })) });
    const out = markChosen(post!.blocks, 'm:27')!;
    expect(out.map((b) => b.type)).toEqual(['section', 'context']);
    expect(out[1]).toMatchObject({ elements: [{ text: ':white_check_mark: *L27*' }] });
  });
  it('GIVEN a button that is not ours THEN undefined', () => {
    expect(markChosen([{ type: 'actions', block_id: 'other', elements: [{ action_id: 'x' }] }], 'x')).toBeUndefined();
  });
});
