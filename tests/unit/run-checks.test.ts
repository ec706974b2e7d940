import { runChecks, type NamedCheck } from '../../src/moderation/checks';
import type { CheckContext } from '../../src/moderation/check-context';
import { moderate } from '../../src/moderation/moderate';
import { policySchema } from '../../src/moderation/policy';

const comment = { content: 'x'.repeat(30_000), author: {}, receivedAt: '2026-01-01T00:00:00Z' };
const context = (policy: object = {}): CheckContext => ({
  policy: policySchema.parse(policy),
  author: null,
  crowd: null,
  classifier: null,
});
const fixed: NamedCheck = {
  name: 'links',
  run: (input) => [{ check: 'links', code: 'seen', score: 4, message: `${input.content.length} characters` }],
};
const broken: NamedCheck = {
  name: 'profanity',
  run: () => {
    throw new TypeError('boom');
  },
};

describe('runChecks', () => {
  it('caps the text every check reads', () => {
    expect(runChecks([fixed], comment, context())[0]!.message).toBe('20000 characters');
  });

  it('multiplies scores by the weight the site gave the check', () => {
    expect(runChecks([fixed], comment, context({ checks: { links: { weight: 0.5 } } }))[0]!.score).toBe(2);
  });

  it("multiplies scores by the check's fitted weight, under the site's weight", () => {
    const weighed: NamedCheck = { ...fixed, weight: 1.25 };
    expect(runChecks([weighed], comment, context())[0]!.score).toBe(5);
    expect(runChecks([weighed], comment, context({ checks: { links: { weight: 0.5 } } }))[0]!.score).toBe(
      2.5,
    );
  });

  it('skips a check the site disabled', () => {
    expect(runChecks([fixed], comment, context({ checks: { links: { enabled: false } } }))).toEqual([]);
  });

  it('turns a check that throws into check_failed, which sends the comment to review', () => {
    const signals = runChecks([broken, fixed], comment, context());
    expect(signals[0]).toMatchObject({ check: 'profanity', code: 'check_failed', force: 'review' });
    expect(signals[1]!.code).toBe('seen');
    expect(moderate([broken], comment, context()).action).toBe('review');
  });
});

describe('moderate', () => {
  const heavy: NamedCheck = {
    name: 'links',
    run: () => [{ check: 'links', code: 'x', score: 20, message: 'x' }],
  };
  const trusted = { approved: 5, rejected: 0, recentRejected: 0 };

  it('never auto-rejects a trusted author on soft signals', () => {
    expect(moderate([heavy], comment, { ...context(), author: trusted }).action).toBe('review');
    expect(moderate([heavy], comment, context()).action).toBe('reject');
  });

  it('does not trust when the site disabled the author history check', () => {
    const ctx = { ...context({ checks: { author_history: { enabled: false } } }), author: trusted };
    expect(moderate([heavy], comment, ctx).action).toBe('reject');
  });
});
