import { decide, defaultPolicy, policySchema } from '../../src/moderation/policy';
import type { Signal } from '../../src/moderation/types';

const signal = (score: number, force?: Signal['force']): Signal => ({
  check: 't',
  code: 't',
  score,
  message: 't',
  force,
});

describe('decide', () => {
  it.each([
    [[], 'approve', 0],
    [[signal(2.99)], 'approve', 2.99],
    [[signal(3)], 'review', 3],
    [[signal(2), signal(1)], 'review', 3],
    [[signal(8.99)], 'review', 8.99],
    [[signal(9)], 'reject', 9],
    [[signal(12), signal(-4)], 'review', 8],
    [[signal(0, 'review')], 'review', 0],
    [[signal(0, 'reject')], 'reject', 0],
    [[signal(10), signal(0, 'review')], 'reject', 10],
  ] as const)('with signals %j the action is %s and the score %d', (signals, action, score) => {
    expect(decide([...signals], defaultPolicy)).toEqual({ action, score, signals });
  });

  it('when the author is trusted, a score above the reject threshold only holds the comment for review', () => {
    expect(decide([signal(20)], defaultPolicy, { trustedAuthor: true }).action).toBe('review');
  });

  it('when the author is trusted, a forced reject (a hard signal) still rejects', () => {
    expect(decide([signal(10, 'reject')], defaultPolicy, { trustedAuthor: true }).action).toBe('reject');
  });

  it('uses the site thresholds', () => {
    const policy = policySchema.parse({ reviewThreshold: 1, rejectThreshold: 2 });
    expect(decide([signal(1)], policy).action).toBe('review');
    expect(decide([signal(2)], policy).action).toBe('reject');
  });
});

describe('policySchema', () => {
  it('fills every default for an empty policy', () => {
    expect(policySchema.parse({})).toMatchObject({
      reviewThreshold: 3,
      rejectThreshold: 9,
      maxLinks: 2,
      checks: {},
    });
  });

  it.each([
    [{ rejectThreshold: 1, reviewThreshold: 2 }, 'rejectThreshold'],
    [{ unknownKey: 1 }, ''],
    [{ maxLinks: -1 }, 'maxLinks'],
    [{ blockedDomains: ['not a domain'] }, 'blockedDomains.0'],
    [{ checks: { nosuch: { enabled: false } } }, 'checks'],
    [{ checks: { links: { weight: 11 } } }, 'checks.links.weight'],
    [{ languages: ['english'] }, 'languages.0'],
  ])('refuses %j at path %s', (policy, path) => {
    const result = policySchema.safeParse(policy);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('normalises terms and domains to lower case', () => {
    const policy = policySchema.parse({ blockedTerms: [' Viagra '], allowedDomains: ['Example.COM'] });
    expect(policy.blockedTerms).toEqual(['viagra']);
    expect(policy.allowedDomains).toEqual(['example.com']);
  });
});
