import {
  publicReason,
  reasonCatalogue,
  verdictReasonCode,
  DEFAULT_REASONS,
} from '../../src/moderation/reasons';
import { verdictOutcome } from '../../src/moderation/outcome';
import { defaultPolicy, policySchema } from '../../src/moderation/policy';
import type { Action, Signal } from '../../src/moderation/types';

const sig = (check: string, code: string, score: number, force?: Signal['force']): Signal => ({
  check,
  code,
  score,
  message: code,
  ...(force ? { force } : {}),
});

describe('verdictReasonCode', () => {
  it.each<[string, Action, Signal[], string | null]>([
    ['an approval has none', 'approve', [sig('links', 'link', 1)], null],
    [
      'the highest-scoring signal decides',
      'reject',
      [sig('profanity', 'profanity', 4), sig('classifier', 'bayes_spam', 6)],
      'spam',
    ],
    ['profanity reads as offensive', 'review', [sig('profanity', 'profanity', 4)], 'offensive'],
    [
      'the offensive model reads as offensive',
      'review',
      [sig('offensive_model', 'likely_offensive', 4)],
      'offensive',
    ],
    ['the spam model reads as spam', 'review', [sig('spam_model', 'likely_spam', 5)], 'spam'],
    [
      'a forcing signal beats a higher score',
      'reject',
      [sig('spam_rules', 'phone_number', 9), sig('author_standing', 'author_banned', 0, 'reject')],
      'banned',
    ],
    [
      'a review forced under a rejecting score does not decide a rejection',
      'reject',
      [sig('spam_rules', 'phone_number', 9), sig('author_standing', 'new_author', 0, 'review')],
      'spam',
    ],
    ['a new author held', 'review', [sig('author_standing', 'new_author', 0, 'review')], 'new_author'],
    ['a blocked network', 'reject', [sig('block_lists', 'blocked_network', 0, 'reject')], 'blocked'],
    ['a blocked link domain', 'reject', [sig('links', 'blocked_domain', 10)], 'links'],
    ['a failed check', 'review', [sig('profanity', 'check_failed', 0, 'review')], 'held_for_review'],
    ['an unknown check', 'review', [sig('future_check', 'x', 5)], 'held_for_review'],
    [
      'a review with nothing positive',
      'review',
      [sig('author_standing', 'trusted_by_moderator', -2)],
      'held_for_review',
    ],
    ['a rejection with nothing positive', 'reject', [], 'other'],
  ])('%s', (_name, action, signals, expected) => {
    expect(verdictReasonCode({ action, signals })).toBe(expected);
  });
});

describe('the reason catalogue', () => {
  it("takes the site's texts over the defaults, adds its codes, and falls back to other for unknown codes", () => {
    const policy = policySchema.parse({ reasons: { spam: 'No ads, please.', rude: 'Be kind.' } });
    expect(reasonCatalogue(policy)).toMatchObject({
      spam: 'No ads, please.',
      rude: 'Be kind.',
      hate: DEFAULT_REASONS.hate,
    });
    expect(publicReason(policy, 'rude')).toEqual({ code: 'rude', text: 'Be kind.' });
    expect(publicReason(defaultPolicy, 'rude')).toEqual({ code: 'other', text: DEFAULT_REASONS.other });
  });

  it('refuses codes that are not snake_case and empty texts', () => {
    const parsed = policySchema.safeParse({ reasons: { 'Bad Code': 'x', fine: '' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'reasons.Bad Code',
      'reasons.fine',
    ]);
  });
});

describe('verdictOutcome', () => {
  const verdict = { action: 'reject' as const, score: 12, signals: [sig('links', 'too_many_links', 12)] };

  it("gives the status of the action and the reason in the site's words when enforcing", () => {
    expect(verdictOutcome(verdict, defaultPolicy)).toEqual({
      status: 'rejected',
      observed: false,
      reason: { code: 'spam', text: DEFAULT_REASONS.spam },
    });
  });

  it('approves in trial mode, keeping the would-be reason', () => {
    expect(verdictOutcome(verdict, { ...defaultPolicy, mode: 'observe' })).toEqual({
      status: 'approved',
      observed: true,
      reason: { code: 'spam', text: DEFAULT_REASONS.spam },
    });
  });
});
