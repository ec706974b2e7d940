import { defaultPolicy, policySchema } from '../../src/moderation/policy';
import { createStoredPolicyReader, readPolicy } from '../../src/moderation/read-policy';

describe('readPolicy: a stored policy, read leniently', () => {
  it('reads a valid stored policy as the strict schema does, with no problems', () => {
    const stored = { reviewThreshold: 4, checks: { links: { weight: 0.5 } }, blockedTerms: [' Spam '] };
    expect(readPolicy(stored)).toEqual({ policy: policySchema.parse(stored), problems: [] });
  });

  it.each([null, undefined, {}])('gives the default policy for %j, with no problems', (stored) => {
    expect(readPolicy(stored)).toEqual({ policy: defaultPolicy, problems: [] });
  });

  it.each([
    [{ maxLinks: -1, reviewThreshold: 4 }, { maxLinks: 2, reviewThreshold: 4 }, 'maxLinks'],
    [{ retiredSetting: true, maxLinks: 5 }, { maxLinks: 5 }, 'retiredSetting'],
    [{ blockedDomains: ['not a domain'] }, { blockedDomains: [] }, 'blockedDomains'],
    [
      { checks: { links: { weight: 11, enabled: false }, profanity: { weight: 2 } } },
      { checks: { links: { weight: 1, enabled: false }, profanity: { weight: 2, enabled: true } } },
      'checks.links.weight',
    ],
    [{ checks: { nosuch: { enabled: false } } }, { checks: {} }, 'checks.nosuch'],
    [{ checks: { links: 'off' } }, { checks: { links: { enabled: true, weight: 1 } } }, 'checks.links'],
    [
      { reviewThreshold: 20, rejectThreshold: 15, maxLinks: 1 },
      { reviewThreshold: 3, rejectThreshold: 9, maxLinks: 1 },
      'rejectThreshold',
    ],
  ])('from %j keeps the rest, defaults the bad part (%j) and reports %s', (stored, expected, path) => {
    const { policy, problems } = readPolicy(stored);
    expect(policy).toEqual({ ...defaultPolicy, ...expected });
    expect(problems.map((problem) => problem.path)).toEqual([path]);
  });

  it.each([['a string'], [42], [[1, 2]]])(
    'reports a stored %j that is not an object and uses the defaults',
    (stored) => {
      expect(readPolicy(stored)).toEqual({
        policy: defaultPolicy,
        problems: [{ path: '', message: expect.stringMatching(/not an object/) }],
      });
    },
  );

  it('never reads a key from the prototype chain as a setting', () => {
    expect(readPolicy(JSON.parse('{"constructor": 1, "__proto__": {"maxLinks": 50}}')).policy).toEqual(
      defaultPolicy,
    );
  });
});

describe('createStoredPolicyReader: stored policies as JSON text, each read once', () => {
  it('reads a text as readPolicy reads its value, and gives the same reading for the same text', () => {
    const read = createStoredPolicyReader();
    const text = JSON.stringify({ maxLinks: -1, reviewThreshold: 4 });
    const first = read(text);
    expect(first).toEqual(readPolicy(JSON.parse(text)));
    expect(read(text)).toBe(first);
  });

  it('reads a changed policy afresh, and no policy as the default', () => {
    const read = createStoredPolicyReader();
    expect(read(JSON.stringify({ reviewThreshold: 4 })).policy.reviewThreshold).toBe(4);
    expect(read(JSON.stringify({ reviewThreshold: 5 })).policy.reviewThreshold).toBe(5);
    expect(read(null)).toEqual({ policy: defaultPolicy, problems: [] });
  });

  it('past its capacity of remembered texts, still reads every text right', () => {
    const read = createStoredPolicyReader(2);
    const texts = [3, 4, 5].map((reviewThreshold) => JSON.stringify({ reviewThreshold }));
    for (const text of [...texts, ...texts]) expect(read(text)).toEqual(readPolicy(JSON.parse(text)));
  });
});
