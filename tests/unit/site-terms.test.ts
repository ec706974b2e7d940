import { createSiteTermsCheck } from '../../src/moderation/checks/site-terms';
import { defaultPolicy } from '../../src/moderation/policy';

const check = createSiteTermsCheck();
const policy = {
  ...defaultPolicy,
  blockedTerms: ['buy now', 'viagra'],
  flaggedTerms: ['refund'],
  allowedTerms: ['viagra falls'],
};
const run = (content: string) =>
  check({ content, author: {}, receivedAt: '2026-01-01T00:00:00Z' }, { policy });

describe('site terms check', () => {
  it.each([
    ['Cheap VIAGRA here', 'blocked_term', 'reject', ['VIAGRA']],
    ['You can buy now, or later', 'blocked_term', 'reject', ['buy now']],
    ['I want a refund.', 'flagged_term', 'review', ['refund']],
  ])('in %j finds %s forcing %s with spans %j', (content, code, force, spanned) => {
    const [signal] = run(content);
    expect(signal).toMatchObject({ check: 'site_terms', code, force });
    expect(signal!.spans!.map((span) => content.slice(span.start, span.end))).toEqual(spanned);
    expect(signal!.message).toContain(`"${spanned[0]!.toLowerCase()}"`);
  });

  it.each([
    ['a word that only contains a term', 'viagraesque and refunds'],
    ['an allowed phrase covering the term', 'We drove to Viagra Falls last summer'],
    ['no term at all', 'A thoughtful comment'],
  ])('ignores %s', (_name, content) => {
    expect(run(content)).toEqual([]);
  });

  it('matches terms with non-ASCII letters as whole words', () => {
    const signals = check(
      { content: 'Das ist Schei\u00dfe', author: {}, receivedAt: '2026-01-01T00:00:00Z' },
      { policy: { ...policy, blockedTerms: ['schei\u00dfe'] } },
    );
    expect(signals.map((signal) => signal.code)).toEqual(['blocked_term']);
  });
});
