import { createChecks, runChecks } from '../../src/moderation/checks';
import type { CheckContext } from '../../src/moderation/check-context';
import { policySchema } from '../../src/moderation/policy';
import { CORPUS, DISGUISES } from '../fixtures/obfuscations';
import { loadTextModels } from '../../src/model-files';

const checks = createChecks({ models: loadTextModels() });
const scoreOf = (text: string, check: string, policy: object = {}) => {
  const context: CheckContext = {
    policy: policySchema.parse(policy),
    author: null,
    crowd: null,
    classifier: null,
  };
  const signals = runChecks(
    checks,
    { content: text, author: {}, receivedAt: '2026-01-01T00:00:00Z' },
    context,
  );
  return signals.filter((signal) => signal.check === check).reduce((sum, signal) => sum + signal.score, 0);
};

const cases = CORPUS.flatMap(({ check, text, word, policy }) =>
  Object.entries(DISGUISES).map(([disguise, disguise_]) => {
    const disguised = text.replace(word, disguise_(word));
    return [check, disguise, disguised, text, policy ?? {}] as const;
  }),
);

describe('every disguise of a word is flagged within 3 points of the plain text', () => {
  it.each(CORPUS)('the plain text is flagged: $check on $text', ({ check, text, policy }) => {
    expect(scoreOf(text, check, policy)).toBeGreaterThan(0);
  });

  it.each(cases)('%s sees through %s: %j', (check, _disguise, disguised, plain, policy) => {
    const expected = scoreOf(plain, check, policy);
    const score = scoreOf(disguised, check, policy);
    expect(score).toBeGreaterThan(0);
    expect(Math.abs(score - expected)).toBeLessThanOrEqual(3);
  });
});
