// Which {{placeholders}} each kind of content may use. The code supplies the
// values, so the declaration lives with the code: a clinic can reword a text
// but cannot invent a placeholder nobody fills (it would reach the patient
// as an empty gap).

export const ITEM_PLACEHOLDERS = {
  prompt: ['name', 'intention'],
  exercise: ['name'],
  instrument: [] as string[],
  resource: [] as string[],
} as const;

/**
 * Placeholders per text key. A pattern ending in `*` matches a key prefix.
 * Keys not listed here (the core's UI strings) may use exactly the
 * placeholders their English text in the project's own prompts/ uses.
 */
export const TEXT_PLACEHOLDERS: ReadonlyArray<readonly [pattern: string, names: readonly string[]]> = [
  ['crisis.reply.*', ['resources', 'eta']],
  ['crisis.safety_plan_intro', []],
  ['crisis.clinician_seen', []],
  // {{message}}: the clinician's own words, typed when resolving a case; nothing else is sent then.
  ['crisis.care_team_message', ['message']],
  ['crisis.caring_contact.*', []],
  // {{emergency}}: the region's emergency contact from resources/ ("call 911"), never a hard-coded number.
  ['notice.*', ['emergency']],
  ['safety_plan.*', []],
  ['intention.*', ['intention']],
  ['dosing.guidance', ['emergency']],
  ['dosing.emergency_fallback', []],
];

/** Text keys the start-up refuses to run without (English must have them all). */
export const REQUIRED_TEXT_KEYS: readonly string[] = [
  'crisis.reply.imminent',
  'crisis.reply.high',
  'crisis.reply.moderate',
  'crisis.reply.review',
  'crisis.reply.medical_emergency',
  'crisis.reply.harm_to_others',
  'crisis.reply.abuse_unsafe',
  'crisis.reply.misuse',
  'crisis.reply.distress',
  'crisis.safety_plan_intro',
  'crisis.clinician_seen',
  'crisis.care_team_message',
  'crisis.caring_contact.1',
  'crisis.caring_contact.2',
  'crisis.caring_contact.3',
  'crisis.caring_contact.4',
  'notice.not_human',
  'notice.disclaimer',
  'dosing.guidance',
  ...[1, 2, 3, 4, 5, 6].flatMap((n) => [`safety_plan.step.${n}.title`, `safety_plan.step.${n}.question`]),
];

/** Crisis replies must show the resource list: a reply without numbers is a dead end. */
export const MUST_USE: ReadonlyArray<readonly [pattern: string, name: string]> = [['crisis.reply.*', 'resources']];

/** Instruments and sequences the flows rely on. */
export const REQUIRED_INSTRUMENTS = ['mood', 'anxiety', 'sleep', 'phq9', 'gad7', 'side_effects'] as const;
export const REQUIRED_SEQUENCES = ['default'] as const;

/**
 * Realistic example values: used by `content preview` and by the length lint,
 * which measures texts as a patient would receive them. `resources` is about
 * as long as the US list the core builds.
 */
export const SAMPLE_VALUES: Record<string, string> = {
  name: 'Sam',
  intention: 'to be gentler with myself when I make mistakes',
  // Deliberately not a real promise: a clinic must set its own (AFTERGLOW_CLINICIAN_ETA).
  eta: '[your clinic’s response time]',
  emergency: 'call 911',
  message: 'Thank you for talking with me this afternoon. I will call you on Thursday as we agreed.',
  resources: [
    '• 988 Suicide & Crisis Lifeline: call or text 988 (press 1 for veterans, 2 for Spanish), 24/7',
    '• Crisis Text Line: text HOME to 741741, 24/7',
    '• Emergency: 911',
    '• Fireside Project (psychedelic peer support): call or text 62-FIRESIDE (623-473-7433), hours vary',
  ].join('\n'),
};

export const PLACEHOLDER_RE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as string))];
}

export function matchesPattern(key: string, pattern: string): boolean {
  return pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;
}

/** The declared set for a text key, or undefined when the key is not registered. */
export function declaredTextPlaceholders(key: string): readonly string[] | undefined {
  return TEXT_PLACEHOLDERS.find(([pattern]) => matchesPattern(key, pattern))?.[1];
}

/**
 * Fills {{vars}}. A placeholder with no value becomes empty rather than
 * showing braces to a patient; the lint makes sure only declared ones exist.
 */
export function fill(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(PLACEHOLDER_RE, (_, name: string) => {
    const v = vars[name];
    return v === undefined ? '' : String(v);
  });
}
