import type { Expect, Lang } from './corpus-lines.js';

// A few sentence frames per category with interchangeable parts. They add the
// plain combinations (a means with a time, a side effect with a duration) that
// hand-writing tends to under-cover. Kept few on purpose: the corpus's value is
// the hand-written variety, and the generator caps templates well below typos.

export interface Template {
  lang: Lang;
  category: string;
  expect: Expect;
  frame: string;
  slots: Record<string, readonly string[]>;
}

export const TEMPLATES: readonly Template[] = [
  {
    lang: 'en',
    category: 'plan_means_timing',
    expect: 'alert',
    frame: 'i have {means} {where} and im doing it {when}',
    slots: {
      means: ['the pills', 'the rope', 'my old prescriptions', 'the blades', 'all my troches'],
      where: ['in my bag', 'in the car', 'on the desk', 'under the bed'],
      when: ['tonight', 'after work', 'this weekend', 'when everyone is asleep'],
    },
  },
  {
    lang: 'en',
    category: 'passive_ideation',
    expect: 'alert',
    frame: '{who} would honestly be better off {how}',
    slots: {
      who: ['my kids', 'my wife', 'my parents', 'everyone at home', 'my boyfriend', 'my team'],
      how: ['without me', 'if i wasnt around', 'if i just disappeared', 'if i never woke up'],
    },
  },
  {
    lang: 'en',
    category: 'medical_emergency',
    expect: 'alert',
    frame: '{symptom} since my {dose} and its getting worse',
    slots: {
      symptom: ['crushing chest pain', 'i cant breathe right', 'the worst headache of my life', 'my face is drooping on one side', 'my heart is pounding over 160'],
      dose: ['troche', 'session', 'infusion', 'dose this morning'],
    },
  },
  {
    lang: 'en',
    category: 'misuse',
    expect: 'alert',
    frame: 'took {amount} {with} {why}',
    slots: {
      amount: ['an extra troche', 'two troches instead of one', 'my doses early', 'some k i bought'],
      with: ['with wine', 'with a couple of beers', 'with my xanax', 'alone in my room'],
      why: ['to get away from it all', 'because i wanted the feeling back', 'and didnt tell the clinic'],
    },
  },
  {
    lang: 'en',
    category: 'expected_side_effects',
    expect: 'none',
    frame: '{effect} {when}, {after}',
    slots: {
      effect: ['bit nauseous', 'a little dizzy', 'floaty and slow', 'mild headache', 'really sleepy'],
      when: ['after the session', 'this morning', 'on the drive home'],
      after: ['gone now', 'nurse said its normal', 'water and a nap helped', 'getting better'],
    },
  },
  {
    lang: 'en',
    category: 'idiom',
    expect: 'none',
    frame: '{thing} is killing me {tail}',
    slots: {
      thing: ['this heat', 'the commute', 'my lower back', 'this queue', 'the suspense', 'this cold'],
      tail: ['today', 'lol', 'ngl', 'honestly'],
    },
  },
  {
    lang: 'en',
    category: 'everyday',
    expect: 'none',
    frame: 'can you move my {what} to {when}',
    slots: {
      what: ['check in', 'journal reminder', 'morning message', 'weekly check in'],
      when: ['after 6', 'tomorrow', 'the weekend', 'thursday morning', 'later tonight'],
    },
  },
  {
    lang: 'en',
    category: 'medicine_questions',
    expect: 'none',
    frame: 'is it ok to {act} {when}?',
    slots: {
      act: ['have a glass of wine', 'drive', 'take ibuprofen', 'go to the gym', 'take my melatonin'],
      when: ['the day after a session', 'the night before', 'a few hours after the troche'],
    },
  },
  {
    lang: 'es',
    category: 'plan_means_timing',
    expect: 'alert',
    frame: 'tengo {means} {where} y lo hago {when}',
    slots: {
      means: ['las pastillas', 'la soga', 'todos los trociscos', 'las cuchillas'],
      where: ['en la mochila', 'en el coche', 'en el cajón', 'debajo de la cama'],
      when: ['esta noche', 'cuando salga del trabajo', 'el finde', 'cuando todos duerman'],
    },
  },
  {
    lang: 'es',
    category: 'passive_ideation',
    expect: 'alert',
    frame: '{who} estarían mejor {how}',
    slots: {
      who: ['mis hijos', 'mis papás', 'todos en casa', 'mis amigos'],
      how: ['sin mí', 'si yo no estuviera', 'si desapareciera', 'si no despertara mañana'],
    },
  },
  {
    lang: 'es',
    category: 'expected_side_effects',
    expect: 'none',
    frame: '{effect} {when}, {after}',
    slots: {
      effect: ['un poco mareada', 'con náuseas', 'flotando un poco', 'con algo de dolor de cabeza', 'con mucho sueño'],
      when: ['después de la sesión', 'esta mañana', 'en el camino a casa'],
      after: ['ya se me pasó', 'la enfermera dijo q es normal', 'con agua y una siesta mejoré'],
    },
  },
  {
    lang: 'es',
    category: 'idiom',
    expect: 'none',
    frame: '{thing} me está matando {tail}',
    slots: {
      thing: ['este calor', 'el tráfico', 'la espalda', 'esta fila', 'el frío'],
      tail: ['hoy', 'jaja', 'la verdad', 'literal'],
    },
  },
  {
    lang: 'es',
    category: 'everyday',
    expect: 'none',
    frame: 'me puedes pasar {what} para {when}?',
    slots: {
      what: ['el check in', 'el recordatorio del diario', 'el mensaje de la mañana'],
      when: ['mañana', 'después de las 6', 'el jueves', 'el finde'],
    },
  },
];

/** Every filling of a frame, in slot order (the generator shuffles). */
export function expandTemplate(t: Template): string[] {
  let texts = [t.frame];
  for (const [slot, options] of Object.entries(t.slots)) {
    texts = texts.flatMap((text) => options.map((o) => text.replace(`{${slot}}`, o)));
  }
  return texts;
}
