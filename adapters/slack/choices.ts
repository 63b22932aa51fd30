// Choices as Block Kit buttons, and forms carried in a button's value so a
// restart loses nothing.
import type { Choice, FormSpec } from '../../src/core/types.js';
import { LIMITS, truncate } from './mrkdwn.js';
import type { Block } from './render.js';

const FORM_VALUE_PREFIX = '{"f":';

/** The button's value: the form itself when it fits, so a restart loses nothing; otherwise looked up by id. */
export function buttonValue(choice: Choice): string {
  if (!choice.form) return choice.id.slice(0, LIMITS.buttonValue);
  const encoded = `${FORM_VALUE_PREFIX}${JSON.stringify(choice.form)}}`;
  return encoded.length <= LIMITS.buttonValue ? encoded : 'form';
}

/** The FormSpec carried in a button's value, if it carries one. */
export function formFromValue(value: string | undefined): FormSpec | undefined {
  if (!value || !value.startsWith(FORM_VALUE_PREFIX)) return undefined;
  try {
    const parsed = JSON.parse(value) as { f?: FormSpec };
    return parsed.f && typeof parsed.f.id === 'string' && Array.isArray(parsed.f.fields) ? parsed.f : undefined;
  } catch {
    return undefined;
  }
}

export function renderButton(choice: Choice): Block {
  return {
    type: 'button',
    action_id: choice.id.slice(0, LIMITS.actionId),
    text: { type: 'plain_text', text: truncate(choice.label || choice.id, LIMITS.buttonText), emoji: true },
    value: buttonValue(choice),
    ...(choice.style ? { style: choice.style } : {}),
  };
}

/** Choices as buttons, at most 25 to an actions block; block ids unique within the message. */
export function renderChoices(choices: Choice[], prefix = 'choices'): Block[] {
  const blocks: Block[] = [];
  // action_id must be unique within a message; the core's ids are, but guard against repeats.
  const seen = new Set<string>();
  const unique = choices.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
  for (let i = 0; i < unique.length; i += LIMITS.actionsPerBlock) {
    blocks.push({
      type: 'actions',
      block_id: `${prefix}-${i / LIMITS.actionsPerBlock}`,
      elements: unique.slice(i, i + LIMITS.actionsPerBlock).map(renderButton),
    });
  }
  return blocks;
}

