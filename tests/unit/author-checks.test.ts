import { authorStandingCheck } from '../../src/moderation/checks/author-standing';
import { blockListsCheck } from '../../src/moderation/checks/block-lists';
import { createChecks } from '../../src/moderation/checks';
import { loadTextModels } from '../../src/model-files';
import { moderate } from '../../src/moderation/moderate';
import { defaultPolicy, policySchema } from '../../src/moderation/policy';
import type { AuthorAccount, CheckContext } from '../../src/moderation/check-context';
import type { CheckInput } from '../../src/moderation/types';

const comment = (author: CheckInput['author'] = {}): CheckInput => ({
  content: 'A perfectly ordinary comment.',
  author,
  receivedAt: '2026-05-01T12:00:00.000Z',
});
const account = (standing: AuthorAccount['standing'], comments = 3): AuthorAccount => ({
  standing,
  comments,
});
const codes = (signals: Array<{ code: string; force?: string }>) =>
  signals.map((s) => [s.code, s.force ?? null]);

describe('the author_standing check', () => {
  const policy = { holdFirst: 0 };
  const veteran = { approved: 5, rejected: 0, recentRejected: 0 };
  it.each<[string, AuthorAccount | null | undefined, Array<[string, string | null]>]>([
    [
      'a ban rejects',
      account({ kind: 'banned', until: null, reason: 'spam wave' }),
      [['author_banned', 'reject']],
    ],
    [
      'a suspension in force rejects',
      account({ kind: 'suspended', until: '2026-05-02T00:00:00.000Z', reason: 'cool off' }),
      [['author_suspended', 'reject']],
    ],
    [
      'a suspension that ended does nothing',
      account({ kind: 'suspended', until: '2026-05-01T11:59:59.000Z', reason: 'x' }),
      [],
    ],
    [
      'premoderation holds',
      account({ kind: 'premoderate', until: null, reason: 'watch' }),
      [['author_premoderated', 'review']],
    ],
    [
      'trust weighs lighter',
      account({ kind: 'trusted', until: null, reason: 'regular' }),
      [['trusted_by_moderator', null]],
    ],
    ['no standing, nothing', account(null), []],
    ['no accounts kept (evaluation): abstains', undefined, []],
  ])('%s', (_name, acc, expected) => {
    expect(codes(authorStandingCheck(comment(), { account: acc, author: veteran, policy }))).toEqual(
      expected,
    );
  });

  it("quotes the moderator's reason in its message", () => {
    const [signal] = authorStandingCheck(comment(), {
      account: account({ kind: 'banned', until: null, reason: 'posted slurs' }),
      author: veteran,
      policy,
    });
    expect(signal!.message).toBe('The author is banned: posted slurs');
  });

  it.each<[string, AuthorAccount | null, number, boolean]>([
    ['holds the first comment of a new author', account(null, 0), 0, true],
    ['holds up to the N-th', account(null, 1), 0, true],
    ['not after N comments', account(null, 2), 0, false],
    ['not once one was approved', account(null, 1), 1, false],
    ['holds an anonymous comment (it cannot be counted)', null, 0, true],
  ])('holdFirst 2 %s', (_name, acc, approved, held) => {
    const signals = authorStandingCheck(comment(), {
      account: acc,
      author: acc ? { approved, rejected: 0, recentRejected: 0 } : null,
      policy: { holdFirst: 2 },
    });
    expect(codes(signals)).toEqual(held ? [['new_author', 'review']] : []);
  });
});

describe('the block_lists check', () => {
  const policy = policySchema.parse({
    blockedEmailDomains: ['spam.example'],
    blockedNetworks: ['198.51.100.0/24', '2001:db8::/32'],
  });
  it.each<[string, CheckInput['author'], string[]]>([
    ['an e-mail at a blocked domain', { email: 'bot@spam.example' }, ['blocked_email_domain']],
    ['an e-mail at a subdomain of one', { email: 'bot@mail.SPAM.example' }, ['blocked_email_domain']],
    ['an e-mail at a lookalike domain passes', { email: 'me@notspam.example' }, []],
    ['an IPv4 address in a blocked network', { ip: '198.51.100.23' }, ['blocked_network']],
    ['an IPv6 address in a blocked network', { ip: '2001:db8::1' }, ['blocked_network']],
    ['an address outside', { ip: '203.0.113.7' }, []],
    ['both', { email: 'x@spam.example', ip: '198.51.100.1' }, ['blocked_email_domain', 'blocked_network']],
  ])('%s', (_name, author, expected) => {
    const signals = blockListsCheck(comment(author), { policy });
    expect(signals.map((s) => s.code)).toEqual(expected);
    expect(signals.every((s) => s.force === 'reject')).toBe(true);
  });

  it('refuses networks that are not CIDR', () => {
    const parsed = policySchema.safeParse({ blockedNetworks: ['10.0.0.1', '10.0.0.0/8'] });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['blockedNetworks.0']);
  });
});

describe('author actions in the whole decision', () => {
  const checks = createChecks({ models: loadTextModels() });
  const context = (acc: AuthorAccount | null): CheckContext => ({
    policy: defaultPolicy,
    author: { approved: 0, rejected: 0, recentRejected: 0 },
    crowd: null,
    classifier: null,
    account: acc,
  });
  it('a banned author is rejected although the comment scores nothing', () => {
    const verdict = moderate(
      checks,
      comment(),
      context(account({ kind: 'banned', until: null, reason: 'x' })),
    );
    expect(verdict.action).toBe('reject');
  });
  it('a moderator-trusted author is never rejected on score alone', () => {
    const spammy = {
      ...comment(),
      content:
        'FREE iPhone!!! Click http://bit.ly/win-now and WhatsApp me at +1 555 0100 to claim your prize',
    };
    expect(moderate(checks, spammy, context(null)).action).toBe('reject');
    const trusted = moderate(
      checks,
      spammy,
      context(account({ kind: 'trusted', until: null, reason: 'staff' })),
    );
    expect(trusted.action).toBe('review');
  });
});
