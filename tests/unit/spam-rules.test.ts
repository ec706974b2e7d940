import { ADVERSARIAL } from '../../bench/adversarial-comments';
import { linksCheck } from '../../src/moderation/checks/links';
import {
  SPAM_RULE_SCORES,
  createSpamRulesCheck,
  secondsToSubmit,
} from '../../src/moderation/checks/spam-rules';
import { decide, defaultPolicy, type Policy } from '../../src/moderation/policy';
import type { CheckInput, Signal } from '../../src/moderation/types';

const check = createSpamRulesCheck();
const comment = (content: string, extra: Partial<CheckInput> = {}): CheckInput => ({
  content,
  author: {},
  receivedAt: '2024-05-01T12:00:10.000Z',
  ...extra,
});
const run = (input: CheckInput, policy: Partial<Policy> = {}) =>
  check(input, { policy: { ...defaultPolicy, ...policy } });
const byCode = (signals: Signal[], code: string) => signals.find((signal) => signal.code === code);
const marked = (content: string, found: Signal | undefined) =>
  (found?.spans ?? []).map((span) => content.slice(span.start, span.end));

describe('spam_rules: pitches, contacts and shape in the text', () => {
  it.each([
    ['self_promotion', 'Hey guys, check out my channel for gaming videos', 'check out my channel'],
    ['self_promotion', "Please stop by our band's page, new songs weekly", "stop by our band's page"],
    ['self_promotion', "I'm a small youtuber trying to grow", "I'm a small youtuber"],
    ['subscribe_request', 'Great stuff. Subscribe to my channel and I will sub back', 'Subscribe to my'],
    ['subscribe_request', 'sub4sub anyone?', 'sub4sub'],
    ['subscribe_request', 'Follow me on instagram for more', 'Follow me on'],
    ['link_bait', 'Click here to see who viewed your profile', 'Click here'],
    ['link_bait', 'h t t p : / / adf . ly / x (remove the spaces)', 'remove the spaces'],
    ['money_offer', 'I earn $350 per day from my laptop', 'earn $350 per day'],
    ['money_offer', 'Make money online fast, no experience needed', 'Make money online fast'],
    ['money_offer', 'Work from home and be your own boss', 'be your own boss'],
    ['free_offer', 'Get free gift cards every week', 'free gift cards'],
    ['free_offer', 'The best coin generator of 2024', 'coin generator'],
    ['prize_claim', 'Congratulations! You have been selected to receive a reward', 'selected to receive'],
    ['prize_claim', 'Claim your prize before Friday', 'Claim your prize'],
    ['dating_spam', 'Sexy singles in your area are waiting', 'Sexy singles in your'],
    ['dating_spam', 'I met him on a dating site last week', 'dating site'],
    ['crypto_offer', 'My bitcoin investment doubled thanks to my account manager', 'bitcoin investment'],
    ['crypto_offer', 'Guaranteed returns of 30% every month', 'Guaranteed returns'],
    ['commercial_spam', 'Buy cheap viagra without prescription', 'viagra'],
    ['piracy_offer', 'Watch the full movie online for free in HD', 'Watch the full movie'],
    ['premium_sms', 'Text WIN to 80086 now', 'Text WIN to 80086'],
    ['urgency', 'Limited time offer, act now!', 'Limited time'],
    ['phone_number', 'Call +1 (555) 123-4567 for details', '+1 (555) 123-4567'],
    ['phone_number', 'ring 07700 900123 tonight', '07700 900123'],
    ['messenger_handle', 'Contact me on WhatsApp: +447700900123', 'WhatsApp: +447700900123'],
    ['messenger_handle', 'add lionsvillage on skype to buy it', 'add lionsvillage on skype'],
    ['messenger_handle', 'kik me at bob_22', 'kik me at bob_22'],
    ['email_address', 'Write to jane.doe+offers@example.com today', 'jane.doe+offers@example.com'],
    ['email_address', 'mail me at johnny [at] gmail [dot] com', 'johnny [at] gmail [dot] com'],
    [
      'shouting',
      'PLEASE CHECK OUT MY NEW VIDEOS THEY ARE GREAT',
      'PLEASE CHECK OUT MY NEW VIDEOS THEY ARE GREAT',
    ],
    ['repeated_characters', 'Soooooo good!!!!!!', 'ooooo'],
    ['repeated_words', 'buy buy buy today', 'buy buy buy'],
    ['emoji_run', 'wow 🔥🔥🔥🔥🔥 so hot', '🔥🔥🔥🔥🔥'],
  ])('emits %s for %j, marking the words', (code, content, expected) => {
    const found = byCode(run(comment(content)), code);
    expect(found).toMatchObject({ check: 'spam_rules', code, score: expect.any(Number) });
    const spans = marked(content, found);
    expect(spans.some((text) => text.includes(expected))).toBe(true);
    // Moderators read the offending words in the message.
    expect(found!.message).toContain(expected.slice(0, 20));
  });

  it.each([
    ['an ordinary comment', 'Thanks for the article, the second chart finally explains the council budget.'],
    ['an exclamation', 'What a match!!! Best goal of the season, I was screaming at the TV!'],
    ['a fan who subscribed', 'I finally caved and subscribed to your channel, love the montages'],
    ['a question about a game', 'What game is at 5:51? Looks amazing'],
    [
      'numbers that are no phone',
      'He has 13,330,686 subscribers and 14691160 views, up 7.5% since 2013-11-07',
    ],
    ['news words', 'The casino vote and the work from home rules were discussed at 7 pm'],
    ['laughter', 'ha ha ha that was brilliant'],
    ['a messenger named without an id', "Just send a text. We'll skype later."],
    [
      'a "you\'ve chosen" argument',
      "You've chosen to ignore the study, and she's getting $200 dinners a day",
    ],
    ['a date and a time', 'Posted 2018-09-14 23:56, case number 3837252'],
    ['one link and a thank-you', 'Thanks! Source for the figures: https://www.ons.gov.uk/economy/inflation'],
  ])('keeps %s below review', (_name, content) => {
    const input = comment(content);
    const signals = [...run(input), ...linksCheck(input, { policy: defaultPolicy })];
    expect(decide(signals, defaultPolicy).action).toBe('approve');
  });
});

describe('spam_rules: calibration with the links check', () => {
  const verdict = (content: string) => {
    const input = comment(content);
    return decide([...run(input), ...linksCheck(input, { policy: defaultPolicy })], defaultPolicy);
  };

  it.each([
    'Hey guys check out my channel, I upload every day!',
    'please subscribe to my channel',
    'Check out this video on YouTube: https://www.youtube.com/watch?v=abc123',
    'Enjoy the whole film free here ---&gt;&gt;&gt; bit.ly\\Kw769F',
    'Everyone checkout xboxdone.com',
  ])('typical comment spam reaches review: %j', (content) => {
    expect(verdict(content).action).not.toBe('approve');
  });

  it.each([
    'MAKE MONEY FAST!!! Earn $500 per day from home, click here: bit.ly/cash4u or WhatsApp +1 555 123 4567',
    'Check out my channel and subscribe, I sub back!!! Free gift cards at freecodes.tk ---> http://bit.ly/x',
  ])('blatant multi-signal spam is rejected: %j', (content) => {
    expect(verdict(content)).toMatchObject({ action: 'reject' });
  });
});

describe('spam_rules: honeypot, time to submit, author', () => {
  it('a filled honeypot forces a reject; an empty or blank one is ignored', () => {
    expect(byCode(run(comment('Hi', { honeypot: 'http://bot.example' })), 'honeypot')).toMatchObject({
      force: 'reject',
      score: SPAM_RULE_SCORES.honeypot,
    });
    expect(byCode(run(comment('Hi', { honeypot: '  ' })), 'honeypot')).toBeUndefined();
    expect(byCode(run(comment('Hi', { honeypot: null })), 'honeypot')).toBeUndefined();
  });

  it.each([
    [
      'renderedAt to createdAt',
      { meta: { renderedAt: '2024-05-01T12:00:00Z' }, createdAt: '2024-05-01T12:00:01.5Z' },
      1.5,
    ],
    ['renderedAt to receivedAt without createdAt', { meta: { renderedAt: '2024-05-01T12:00:08Z' } }, 2],
    ['renderedAt as epoch milliseconds', { meta: { renderedAt: Date.parse('2024-05-01T12:00:09Z') } }, 1],
    ['renderedAt as epoch seconds', { meta: { renderedAt: Date.parse('2024-05-01T12:00:09Z') / 1000 } }, 1],
    ['no renderedAt', { createdAt: '2024-05-01T12:00:09Z' }, null],
    [
      'a form shown after the comment was sent (clock skew)',
      { meta: { renderedAt: '2024-05-01T12:01:00Z' } },
      null,
    ],
    ['an unreadable renderedAt', { meta: { renderedAt: 'yesterday-ish' } }, null],
  ])('measures time to submit from %s', (_name, extra, seconds) => {
    expect(secondsToSubmit(comment('Hi', extra as Partial<CheckInput>))).toBe(seconds);
  });

  it('flags a comment sent faster than the site minimum, and only then', () => {
    const fast = comment('Nice', { meta: { renderedAt: '2024-05-01T12:00:09Z' } });
    expect(byCode(run(fast), 'too_fast')).toMatchObject({ score: SPAM_RULE_SCORES.too_fast });
    expect(byCode(run(fast), 'too_fast')!.message).toMatch(/^Sent 1\.0 s after the form was shown/);
    expect(byCode(run(fast, { minSubmitSeconds: 0 }), 'too_fast')).toBeUndefined();
    const slow = comment('Nice', { meta: { renderedAt: '2024-05-01T11:59:00Z' } });
    expect(byCode(run(slow), 'too_fast')).toBeUndefined();
  });

  it.each([
    ['best-casino-bonus.com', 'author_name_url'],
    ['www.cheap-pills.example', 'author_name_url'],
    ['Cheap Essay Writing Service', 'author_name_ad'],
    ['Best Online Deals', 'author_name_ad'],
    ['Mary Smith', null],
    ['Dr. J. R. Best', null],
  ])('author name %j: %s', (name, code) => {
    const signals = run(comment('Nice article', { author: { name } }));
    const found = signals.find((signal) => signal.code.startsWith('author_name'));
    expect(found?.code ?? null).toBe(code);
    if (found) {
      expect(found.message).toContain(`"${name}"`);
      expect(found.spans).toBeUndefined();
    }
  });
});

describe('spam_rules: speed', () => {
  it('reads 20,000 characters of adversarial text as what it is', () => {
    const content = ADVERSARIAL['shouting, emoji, digits and pitches'].slice(0, 20_000);
    // How long this takes is measured by `npm run bench` (bench/worst-case.ts), not asserted here.
    const signals = run(comment(content));
    expect(signals.map((signal) => signal.code)).toEqual(
      expect.arrayContaining(['repeated_characters', 'repeated_words', 'emoji_run', 'free_offer']),
    );
    for (const { start, end } of signals.flatMap((signal) => signal.spans ?? [])) {
      expect(0 <= start && start < end && end <= content.length).toBe(true);
    }
  });
});
