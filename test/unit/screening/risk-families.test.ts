import { describe, expect, it } from 'vitest';
import { shippedScreener } from './helpers.js';

// Families of first-person risk expression without the standard phrases, and
// ordinary sentences close to them that must stay quiet. Our own sentences.
const s = shippedScreener();
const screen = (t: string) => s.screen(t);

describe('shipped lexicon: risk families without the standard phrases', () => {
  it.each([
    ['sometimes I want to just disappear from the world', 'moderate'],
    ['i keep hoping a truck hits me on the way to work', 'moderate'],
    ['I pray every night that something kills me in my sleep', 'moderate'],
    ['maybe some of us were never meant to be alive', 'moderate'],
    ["honestly I'd rather be dead than go back to that job", 'moderate'],
    ['the only reason I am still alive is for my dog', 'moderate'],
    ['I am only alive for my kids at this point', 'moderate'],
    ['it would rid my family of me for good', 'moderate'],
    ['I have lost every bit of motivation to keep living', 'moderate'],
    ['had to stop myself from jumping off the platform this morning', 'moderate'],
    ['please someone answer before I do something stupid', 'moderate'],
    ['I might do something drastic to myself tonight', 'moderate'],
  ])('GIVEN "%s" WHEN screened THEN an alert at %s or above', (t, at) => {
    const r = screen(t);
    expect(r.alert).toBe(true);
    const rank = ['review', 'moderate', 'high', 'imminent'];
    expect(rank.indexOf(r.severity!)).toBeGreaterThanOrEqual(rank.indexOf(at));
  });

  it.each([
    'can anyone give me one reason to stay',
    'i just cannot anymore',
    'I cannot take this any more',
    "I don't see any other way out",
    'there are no options left for me',
    "I can't see myself ever getting better",
    'wish I had a rope, that would solve everything',
    'the urges keep getting stronger every night',
    'which would be less painful, pills or the bridge',
    'how long does drowning take',
    'the pills did not work last time',
    'i wana die sometimes',
    'I wear long sleeves in summer to hide the cuts on my wrists',
    'nobody has noticed my cuts yet',
    'I was thinking of opening my wrists tonight',
    'these sleeping tablets should do the job',
    'I just want to sleep and not even wake up',
    'my family would be better off and far happier without me',
    'what does it feel like to drown',
  ])('GIVEN "%s" WHEN screened THEN at least a review alert', (t) => {
    expect(screen(t).alert).toBe(true);
  });
});

describe('shipped lexicon: near misses that are not risk', () => {
  it.each([
    // ordinary life
    'my cat likes to disappear under the bed when guests come',
    'the magician made the coin vanish',
    'I hope the bus is on time tomorrow',
    'my son was not meant to be a lawyer, he loves painting',
    "I'd rather be at the beach than in this meeting",
    'I stay here because of my family and the garden',
    'I stopped myself from eating the whole cake',
    'please call me before I do the shopping',
    'there are no seats left on the train',
    "I can't see the stage from here",
    'the urge to check my phone is getting stronger',
    'which route is less crowded in the morning',
    'how long does the bread take in the oven',
    'the new pills did not work for my headache, doctor says try another',
    'reasons to stay in the city: the food and my friends',
    'I cut my finger and the cut is hiding under a plaster',
    'the doctor saw my scars from the knee surgery and said they healed well',
    'my hoodie sleeves cover my hands when it is cold',
    'I slept so well I did not even wake up for the alarm',
    'this new paint should do the job on the fence',
    // KAP integration talk
    'after the session I felt the old me die a little and something new begin',
    'in the session I felt myself disappear into the music and it was beautiful',
    'the k-hole felt like dying and coming back, very peaceful',
    'I wanted the session to be over at first but then I let go',
    'during the journey I saw my own funeral and felt at peace',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    expect(screen(t).alert).toBe(false);
  });
});

describe('shipped lexicon: regret and devices are not self-harm or fainting', () => {
  it.each([
    'if I had a time machine I would go back and slap my younger self',
    'I want to punch my past self for buying that car',
    'my laptop screen keeps blacking out during calls',
  ])('GIVEN "%s" WHEN screened THEN no alert', (t) => {
    expect(s.screen(t).alert).toBe(false);
  });
  it.each(['I keep blacking out when I stand up after the session', 'I punched myself until my arm bruised'])(
    'GIVEN "%s" WHEN screened THEN an alert',
    (t) => {
      expect(s.screen(t).alert).toBe(true);
    },
  );
});
