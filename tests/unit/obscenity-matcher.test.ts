import { RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import { ADVERSARIAL } from '../../bench/adversarial-comments';
import { createObscenityMatcher } from '../../src/moderation/checks/obscenity-matcher';
import { commentText } from '../../src/loadtest/comments';

const options = {
  ...englishDataset.build(),
  ...englishRecommendedTransformers,
  whitelistedTerms: [...(englishDataset.build().whitelistedTerms ?? []), 'cum laude'],
};
const screened = createObscenityMatcher(options);
const plain = new RegExpMatcher(options);

describe('obscenity matcher with a screening pass', () => {
  it.each([
    'a calm comment about the council budget',
    'what the fuck is this',
    'f.u.c.k you, sh1t head',
    'fuuuuuck and a$$hole and b1tch',
    'you absolute bastard, you arsehole',
    'niggers and fags and retards',
    'she graduated magna cum laude',
    'the assessment is due; Scunthorpe United won',
    'Kung-Fu Panda is on tonight, then penistone and cocktails',
    'SHIT in capitals, ſhit with a long s, 𝐟𝐮𝐜𝐤 in bold',
    '',
  ])('finds what obscenity finds in %j', (text) => {
    expect(screened.getAllMatches(text)).toEqual(plain.getAllMatches(text, true));
  });

  it('finds what obscenity finds in the bench texts and the adversarial comments', () => {
    const texts = [
      ...Array.from({ length: 300 }, (_, i) => commentText(i, 200)),
      ...Object.values(ADVERSARIAL),
    ];
    const found = texts.map((text) => screened.getAllMatches(text));
    expect(found).toEqual(texts.map((text) => plain.getAllMatches(text, true)));
    // The comparison means something: some of these texts are profane.
    expect(found.filter((matches) => matches.length > 0).length).toBeGreaterThan(20);
  });
});
