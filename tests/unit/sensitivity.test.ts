import { createChecks } from '../../src/moderation/checks';
import { moderate } from '../../src/moderation/moderate';
import { ABUSE_CAP, decide, defaultPolicy, policySchema, scoreOf } from '../../src/moderation/policy';
import { PRESETS, applySensitivity } from '../../src/moderation/sensitivity';
import type { Signal } from '../../src/moderation/types';
import { loadTextModels } from '../../src/model-files';

const checks = createChecks({ models: loadTextModels() });
const policyFor = (change: Record<string, unknown>) =>
  policySchema.parse({ ...defaultPolicy, ...applySensitivity(defaultPolicy, change) });
const actionOf = (content: string, policy = defaultPolicy) =>
  moderate(
    checks,
    { content, author: {}, receivedAt: '2026-01-01T00:00:00Z' },
    {
      policy,
      author: null,
      crowd: null,
      classifier: null,
    },
  ).action;

describe('sensitivity presets', () => {
  it.each(['strict', 'balanced', 'lenient'] as const)(
    '%s sets both thresholds and its weights',
    (sensitivity) => {
      const policy = policyFor({ sensitivity });
      expect(policy).toMatchObject({
        sensitivity,
        reviewThreshold: PRESETS[sensitivity].reviewThreshold,
        rejectThreshold: PRESETS[sensitivity].rejectThreshold,
      });
      for (const [name, weight] of Object.entries(PRESETS[sensitivity].weights)) {
        expect(policy.checks[name as keyof typeof policy.checks]?.weight).toBe(weight);
      }
    },
  );

  it('what the same change sets itself wins over the preset, and other check settings stay', () => {
    const current = policySchema.parse({ checks: { links: { enabled: false } } });
    const change = applySensitivity(current, {
      sensitivity: 'strict',
      reviewThreshold: 4,
      checks: { links: { weight: 3 } },
    });
    const policy = policySchema.parse({ ...current, ...change });
    expect(policy.reviewThreshold).toBe(4);
    expect(policy.rejectThreshold).toBe(PRESETS.strict.rejectThreshold);
    expect(policy.checks.links).toEqual({ enabled: false, weight: 3 });
  });

  it('a change without a sensitivity is left as it is', () => {
    expect(applySensitivity(defaultPolicy, { maxLinks: 4 })).toEqual({ maxLinks: 4 });
  });

  it.each([
    ['one link and one shortener', 'Great game tonight, proud of the team https://t.co/AbC123'],
    ['one mild swear word', 'bollocks, I missed the bus again'],
  ])('%s does not hold a comment on its own unless the site asks (strict)', (_what, text) => {
    expect(actionOf(text)).toBe('approve');
    expect(actionOf(text, policyFor({ sensitivity: 'strict' }))).not.toBe('approve');
  });

  it.each([
    'You are such an asshole',
    'what a dumbass',
    'I made $300 today with this simple trick http://cash.example',
  ])('holds %j by default', (text) => {
    expect(actionOf(text)).not.toBe('approve');
  });

  // Other words in the same shapes: what the models learned must carry over, not the three texts.
  it.each([
    "you're such a moron",
    'what an idiot',
    'You are a complete loser',
    'I earned $500 this week with one easy method, see https://bit.ly/3xYz',
    'Made 2000 dollars a week working from home, message me on whatsapp',
  ])('holds %j, the same shape in other words', (text) => {
    expect(actionOf(text)).not.toBe('approve');
  });

  it.each([
    'Thanks, this tutorial helped me a lot. See https://github.com/foo/bar for a fix',
    'I made $300 today at the market selling apples',
    'what a game last night',
    'you are such a good friend',
    'Great game tonight, proud of the team https://t.co/AbC123 #WorldCup',
  ])('approves %j: the shapes without the pitch or the insult', (text) => {
    expect(actionOf(text)).toBe('approve');
  });
});

describe('the verdict score', () => {
  const signal = (check: string, score: number): Signal => ({ check, code: 'x', score, message: 'x' });

  it('caps abuse, so abuse alone holds and never rejects by default', () => {
    const abuse = [signal('profanity', 8), signal('offensive_model', 6)];
    expect(scoreOf(abuse)).toBe(ABUSE_CAP);
    expect(decide(abuse, defaultPolicy).action).toBe('review');
    expect(decide([...abuse, signal('links', 1)], defaultPolicy).action).toBe('reject');
  });

  it('lets evidence against spam take back spam evidence but not excuse abuse', () => {
    expect(scoreOf([signal('links', 3), signal('spam_model', -2)])).toBe(1);
    expect(scoreOf([signal('profanity', 4), signal('spam_model', -2)])).toBe(4);
  });

  it('lets a trusted author’s standing lower the whole score', () => {
    expect(scoreOf([signal('profanity', 4), signal('author_history', -2)])).toBe(2);
  });
});
