import {
  bands,
  fingerprint,
  formatFingerprint,
  NEAR_DUPLICATE_SIMILARITY,
  parseFingerprint,
  similarity,
} from '../../src/moderation/fingerprint';

const campaign = 'Earn money from home with this one simple trick, visit my profile to learn how today';
const near = (a: string, b: string) =>
  similarity(fingerprint(a)!, fingerprint(b)!) >= NEAR_DUPLICATE_SIMILARITY;

describe('fingerprint', () => {
  it('is null for texts too short to tell apart from everyday comments', () => {
    expect(fingerprint('great video, thanks')).toBeNull();
  });

  it.each([
    ['the same text', campaign],
    ['other case and punctuation', campaign.toUpperCase().replace(/,/g, '!!')],
    ['other numbers', `${campaign} 2024`.replace('one', '1')],
    ['one word changed', campaign.replace('simple', 'easy')],
    ['a word added', `Hey ${campaign}`],
  ])('finds %s near the original', (_name, text) => {
    expect(near(campaign, text)).toBe(true);
  });

  it.each([
    'I disagree with the article, the council voted against the bridge twice last year',
    'Earn respect from your neighbours by helping them, that is the simple trick of a good life',
  ])('keeps an unrelated text apart: %s', (other) => {
    expect(near(campaign, other)).toBe(false);
  });

  it('gives near texts at least one shared band, so an index finds them', () => {
    const mine = bands(fingerprint(campaign)!);
    const theirs = bands(fingerprint(campaign.replace('simple', 'easy'))!);
    expect(mine.some((band) => theirs.includes(band))).toBe(true);
  });

  it('round-trips through its text form', () => {
    const fp = fingerprint(campaign)!;
    expect(parseFingerprint(formatFingerprint(fp))).toEqual(fp);
    expect(parseFingerprint('zz')).toBeNull();
  });
});
