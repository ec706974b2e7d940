import { cuesOf, hasAbusiveWord } from '../../src/moderation/models/cues';
import { createFeaturizer } from '../../src/moderation/models/features';
import { canonicalize } from '../../src/moderation/text/canonical';

/** One featurizer's settings for the tests of what its explanations hold. */
const FEATURES = { bits: 18, charMin: 3, charMax: 5, wordBigrams: true, factValue: 0.3 };

const factsOf = (text: string) => {
  const canonical = canonicalize(text).text;
  return cuesOf(text, canonical).facts;
};

describe('the cues the shipped models read', () => {
  it.each([
    ['a shortened link', 'see https://bit.ly/3xYz', 'link:shortener'],
    ['a link to a platform', 'my video https://www.youtube.com/watch?v=abc', 'link:platform'],
    ['a link to a site', 'details at https://example.org/page', 'link:site'],
    ['a cheap top-level domain', 'go to prizes.xyz now', 'tld:cheap'],
    ['a referral code', 'join https://example.com/signup?ref=abc123', 'link:referral'],
    ['money', 'I made $300 today', 'money'],
    ['a rate of pay', 'earn 200 dollars per day', 'money:rate'],
    ['a contact request', 'message me on whatsapp', 'contact:messenger'],
    ['a call to action', 'Check out my page', 'cta:start'],
    ['self-promotion', 'please watch my new channel', 'self:promo'],
    ['an insult addressed to someone', 'You are such an asshole', 'address:you-are'],
    ['"what a …"', 'what a dumbass', 'address:what-a'],
    ['a disguised swear word', 'you are a f*cking idiot', 'abuse+you'],
    ['a slur', 'go away n*gga', 'slur'],
  ])('reads %s', (_what, text, fact) => {
    expect(factsOf(text)).toContain(fact);
  });

  it.each([
    ['a t.co link', 'Great game https://t.co/AbC123', ['tld:co', 'link:path', 'links=1']],
    ['hashtags and mentions', '@team #WorldCup what a night', ['hashtag', 'mention']],
    ['a kind word', 'you are such a good friend', ['abuse+you', 'abuse=1']],
  ])('reads nothing more of %s', (_what, text, absent) => {
    const facts = factsOf(text);
    for (const fact of absent) expect(facts).not.toContain(fact);
  });

  it('gives a link no word features: its id never recurs', () => {
    const featurizer = createFeaturizer(FEATURES);
    const text = 'look https://example.com/zq8xw7 here';
    const cues = cuesOf(text, text);
    const words = featurizer.explain(text, cues).filter((source) => source.kind !== 'shape');
    expect(words.map((source) => text.slice(source.wordStart, source.wordEnd))).toEqual(
      expect.not.arrayContaining(['zq8xw7', 'example', 'https']),
    );
    expect(new Set(words.map((source) => text.slice(source.wordStart, source.wordEnd)))).toEqual(
      new Set(['look', 'here']),
    );
  });

  it('gives each cue the same value in a long text as in a short one', () => {
    const featurizer = createFeaturizer(FEATURES);
    const valueOfFact = (text: string) => {
      const features = featurizer.extract(text, { facts: ['money'], skip: [] });
      return features.values[features.size - 1];
    };
    expect(valueOfFact('pay now')).toBeCloseTo(0.3, 5);
    expect(valueOfFact('pay now '.repeat(40) + 'and many more words to read')).toBeCloseTo(0.3, 5);
  });

  it.each([
    ['you stupid idiot', true],
    ['f*ck this', true],
    ['a lovely day at the beach', false],
  ])('tells whether %j holds an abusive word', (text, expected) => {
    expect(hasAbusiveWord(canonicalize(text).text)).toBe(expected);
  });
});
