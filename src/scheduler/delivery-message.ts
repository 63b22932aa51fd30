// What a delivery says and, for a check-in, questionnaire or prompt, the flow state
// it opens. The flows own both (their questions, button ids and state
// shape); the scheduler only decides when.
import { renderPrompt } from '../content/render.js';
import type { ContentLibrary } from '../content/types.js';
import type { OutboundMessage } from '../core/types.js';
import { openCheckin } from '../flows/checkin.js';
import { dosingGuidance } from '../flows/dosing-guidance.js';
import { exerciseOffer } from '../flows/exercises.js';
import { openActivationCheck } from '../flows/skills/activation.js';
import { startInstrument } from '../flows/instrument.js';
import { promptState } from '../flows/reflection.js';
import type { Person } from '../store/people-repo.js';
import type { Delivery } from '../store/schedule-repo.js';
import type { FlowState } from '../store/state-repo.js';

export type Rendered = { message: OutboundMessage; opens?: Omit<FlowState, 'updatedAt'> };

/** Renders deliveries; those that depend only on (kind, ref, locale) once per tick. */
export function createDeliveryRenderer(content: ContentLibrary, defaultRegion: string) {
  const cache = new Map<string, Rendered | undefined>();

  function renderFresh(d: Delivery, person: Person | undefined, locale: string): Rendered | undefined {
    const just = (message: OutboundMessage | undefined) => message && { message };
    switch (d.kind) {
      case 'checkin': {
        const { message, state } = openCheckin(content, locale, 'scheduled', d.ref);
        return { message, opens: state };
      }
      case 'instrument': {
        const start = startInstrument(content, locale, d.ref ?? '');
        return start && { message: start.message, opens: start.state };
      }
      case 'exercise':
        return just(exerciseOffer(content, locale, d.ref ?? ''));
      case 'activation': {
        const { message, state } = openActivationCheck(content, locale, d.ref ?? '');
        return { message, opens: state };
      }
      case 'text':
        return just({ text: d.ref ?? '' });
      case 'guidance':
        return just(dosingGuidance(content, locale, person?.region ?? defaultRegion));
      case 'prompt':
      case 'content': {
        const prompt = content.prompt(d.ref ?? '', locale);
        // A prompt to one person is a question: the reply is its reflection (flows/reflection.ts).
        if (prompt) return { message: { text: renderPrompt(prompt, { intention: person?.intention ?? '', name: person?.handle ?? '' }) }, opens: promptState(prompt.id) };
        return d.kind === 'content' ? just(exerciseOffer(content, locale, d.ref ?? '')) : undefined;
      }
    }
  }

  return {
    render(d: Delivery, person: Person | undefined): Rendered | undefined {
      const locale = person?.locale ?? 'en';
      // Prompts and guidance depend on the person (their intention, their region).
      if (d.kind === 'prompt' || d.kind === 'content' || d.kind === 'guidance') return renderFresh(d, person, locale);
      const key = `${d.kind}|${locale}|${d.ref ?? ''}`;
      if (cache.has(key)) return cache.get(key);
      const r = renderFresh(d, person, locale);
      if (cache.size > 1000) cache.clear();
      cache.set(key, r);
      return r;
    },
    /** A new tick: content may have changed (a clinic override reloaded). */
    reset: () => cache.clear(),
  };
}
