import { emergencyContact } from '../content/render.js';
import type { ContentLibrary } from '../content/types.js';
import type { OutboundMessage } from '../core/types.js';

// Dosing-day safety guidance: what every patient is told after every recorded
// session, whichever sequence their plan uses (it is planned with the session,
// not as a sequence step a clinician could drop), and again with `safety`.

/** After the session start: about when a monitored session ends and people head home. */
export const GUIDANCE_AFTER_MS = 2 * 3_600_000;

export function dosingGuidance(content: ContentLibrary, locale: string, region: string): OutboundMessage {
  return { text: content.text('dosing.guidance', locale, { emergency: emergencyContact(content, region, locale) }) };
}
