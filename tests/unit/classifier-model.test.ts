import type { ClassifierStats } from '../../src/moderation/check-context';
import {
  MIN_EXAMPLES_PER_LABEL,
  chi2Q,
  classify,
  fisherCombine,
  robinson,
} from '../../src/moderation/classifier/model';

const stats = (
  spamDocs: number,
  hamDocs: number,
  tokens: Record<string, [number, number]> = {},
): ClassifierStats => ({
  spamDocs,
  hamDocs,
  tokens: new Map(Object.entries(tokens).map(([token, [spam, ham]]) => [token, { spam, ham }])),
});
const empty = stats(0, 0);

describe('Robinson f(w) with s=1, x=0.5', () => {
  it.each([
    ['an unseen token is the prior', [0, 0], [10, 10], 0.5, 0.5],
    ['seen once, only in spam', [1, 0], [10, 10], 0.5, 0.75],
    ['seen 9 times, only in ham', [0, 9], [10, 10], 0.5, 0.05],
    ['seen equally often relative to each label', [1, 4], [10, 40], 0.5, 0.5],
    ['an unseen token takes another prior', [0, 0], [10, 10], 0.9, 0.9],
    ['a prior pulls a single observation', [0, 1], [10, 10], 0.9, 0.45],
  ])('%s', (_name, [spam, ham], [spamDocs, hamDocs], prior, expected) => {
    expect(
      robinson({ spam: spam!, ham: ham! }, { spamDocs: spamDocs!, hamDocs: hamDocs! }, prior),
    ).toBeCloseTo(expected, 10);
  });
});

describe('Fisher chi-square combining', () => {
  it('computes the chi-square tail', () => {
    expect(chi2Q(0, 4)).toBe(1);
    expect(chi2Q(2, 2)).toBeCloseTo(Math.exp(-1), 12);
    expect(chi2Q(4, 4)).toBeCloseTo(3 * Math.exp(-2), 12);
  });

  it.each([
    ['no clues', [], 0.5, 0.5],
    ['one clue is itself', [0.8], 0.8, 0.8],
    ['agreeing spammy clues', [0.99, 0.95, 0.9, 0.97], 0.99, 1],
    ['agreeing hammy clues', [0.01, 0.05, 0.1], 0, 0.01],
    ['clues that cancel out', [0.99, 0.01], 0.45, 0.55],
  ])('%s', (_name, probabilities, atLeast, atMost) => {
    const p = fisherCombine(probabilities);
    expect(p).toBeGreaterThanOrEqual(atLeast - 1e-12);
    expect(p).toBeLessThanOrEqual(atMost + 1e-12);
  });

  it('is symmetric between spam and ham', () => {
    const clues = [0.9, 0.7, 0.2, 0.95];
    expect(fisherCombine(clues.map((f) => 1 - f))).toBeCloseTo(1 - fisherCombine(clues), 12);
  });
});

describe('classify', () => {
  const ready = stats(MIN_EXAMPLES_PER_LABEL, MIN_EXAMPLES_PER_LABEL, { free: [5, 0], lunch: [0, 5] });

  it.each([
    ['nothing learned', empty, empty],
    ['one spam short of the minimum', stats(MIN_EXAMPLES_PER_LABEL - 1, 50, { free: [4, 0] }), empty],
    ['one ham short of the minimum', stats(50, MIN_EXAMPLES_PER_LABEL - 1, { free: [50, 0] }), empty],
  ])('abstains with %s', (_name, global, site) => {
    expect(classify(['free'], { site, global })).toEqual({ kind: 'abstain', reason: 'not_enough_examples' });
  });

  it('abstains when no token says anything', () => {
    expect(classify(['unknown', 'words'], { site: empty, global: ready })).toEqual({
      kind: 'abstain',
      reason: 'no_clues',
    });
  });

  it('scores from all sites while the site has learned too little', () => {
    const result = classify(['free'], { site: stats(1, 1, { free: [0, 1] }), global: ready });
    expect(result).toMatchObject({ kind: 'scored', basis: 'global' });
    if (result.kind === 'scored') expect(result.probability).toBeGreaterThan(0.9);
  });

  it('lets a site that has learned enough override the global lean with its own counts', () => {
    const global = stats(100, 100, { free: [60, 2] });
    const site = stats(10, 10, { free: [0, 8] });
    const result = classify(['free'], { site, global });
    expect(result).toMatchObject({ kind: 'scored', basis: 'site' });
    if (result.kind === 'scored') expect(result.probability).toBeLessThan(0.2);
  });

  it('combines at most the 20 most interesting tokens, most spammy first', () => {
    const tokens = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`t${i}`, [i % 2 === 0 ? 1 + i : 0, i % 2 === 0 ? 0 : 1 + i]]),
    ) as Record<string, [number, number]>;
    const result = classify(Object.keys(tokens), { site: empty, global: stats(50, 50, tokens) });
    if (result.kind !== 'scored') throw new Error('expected a score');
    expect(result.clues).toHaveLength(20);
    const probabilities = result.clues.map((clue) => clue.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(result.clues.map((clue) => clue.token)).not.toContain('t0');
  });
});
