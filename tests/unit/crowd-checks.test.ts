import { authorHistoryCheck } from '../../src/moderation/checks/author-history';
import { duplicatesCheck } from '../../src/moderation/checks/duplicates';
import type { AuthorStanding, CrowdSignals } from '../../src/moderation/check-context';

const comment = { content: 'hello there', author: {}, receivedAt: '2026-01-01T00:00:00Z' };
const crowd = (overrides: Partial<CrowdSignals>): CrowdSignals => ({
  duplicateAuthors: 0,
  duplicateSites: 0,
  authorRecent: 1,
  ipRecent: 1,
  windowSeconds: 600,
  ...overrides,
});
const codes = (signals: Array<{ code: string; score: number }>) => signals.map((s) => [s.code, s.score]);

describe('duplicates check', () => {
  it.each([
    [{}, []],
    [{ duplicateAuthors: 1 }, [['duplicate_text', 2]]],
    [{ duplicateAuthors: 2 }, [['campaign', 5]]],
    [
      { duplicateAuthors: 1, duplicateSites: 1 },
      [
        ['duplicate_text', 2],
        ['cross_site_duplicate', 3],
      ],
    ],
    [{ authorRecent: 5 }, []],
    [{ authorRecent: 6 }, [['author_flood', 3]]],
    [{ ipRecent: 11 }, [['ip_flood', 3]]],
  ])('with crowd %j signals %j', (overrides, expected) => {
    expect(codes(duplicatesCheck(comment, { crowd: crowd(overrides) }))).toEqual(expected);
  });

  it('abstains without crowd signals', () => {
    expect(duplicatesCheck(comment, { crowd: null })).toEqual([]);
  });
});

describe('author history check', () => {
  const policy = { trustedAfterApproved: 3 };
  const author = (overrides: Partial<AuthorStanding>): AuthorStanding => ({
    approved: 0,
    rejected: 0,
    recentRejected: 0,
    ...overrides,
  });

  it.each([
    [{}, []],
    [{ recentRejected: 1, rejected: 1 }, [['recently_rejected', 2]]],
    [{ recentRejected: 9, rejected: 9 }, [['recently_rejected', 6]]],
    [{ approved: 2 }, []],
    [{ approved: 3 }, [['trusted_author', -2]]],
  ])('with standing %j signals %j', (overrides, expected) => {
    expect(codes(authorHistoryCheck(comment, { author: author(overrides), policy }))).toEqual(expected);
  });

  it('trusts nobody when the site sets trustedAfterApproved to 0', () => {
    expect(
      authorHistoryCheck(comment, { author: author({ approved: 50 }), policy: { trustedAfterApproved: 0 } }),
    ).toEqual([]);
  });

  it('abstains for anonymous comments', () => {
    expect(authorHistoryCheck(comment, { author: null, policy })).toEqual([]);
  });
});
