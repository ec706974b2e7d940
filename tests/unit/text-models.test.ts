import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTextModelCheck } from '../../src/moderation/checks/text-models';
import {
  CHECK_WEIGHTS,
  modelScore,
  scoreProbability,
  type ModelScoring,
} from '../../src/moderation/checks/model-scoring';
import { createFeaturizer } from '../../src/moderation/models/features';
import { decodeWeights, encodeTrainedTexts, encodeWeights } from '../../src/moderation/models/model-format';
import { findModelsDir, loadTextModels, readManifest } from '../../src/model-files';
import { createTextScorer } from '../../src/moderation/models/text-model';
import { canonicalize } from '../../src/moderation/text/canonical';
import type { CheckInput } from '../../src/moderation/types';
import { defaultPolicy } from '../../src/moderation/policy';

const models = loadTextModels();
const scorer = createTextScorer(models);
const comment = (content: string): CheckInput => ({
  content,
  author: {},
  receivedAt: '2026-01-01T00:00:00Z',
});
const probability = (name: 'spam' | 'offensive', text: string) =>
  scorer.score(name, text, canonicalize(text))!.probability;

describe('the shipped models', () => {
  it('are listed in the manifest with their data, licences and held-back figures', () => {
    const manifest = readManifest(findModelsDir());
    for (const name of ['spam', 'offensive'] as const) {
      const entry = manifest.models[name]!;
      expect(entry.sources).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
            licence: expect.any(String),
          }),
        ]),
      );
      expect(entry.heldBack).toHaveProperty('all.auc');
      expect(entry.trainedTexts).toBeGreaterThan(0);
    }
    expect(models.map((model) => model.name).sort()).toEqual(['offensive', 'spam']);
  });

  it.each([
    [
      'spam',
      'Subscribe to my channel and win free gift cards, check out www.free-codes.com',
      'i liked the part about the dog',
    ],
    ['offensive', 'shut up you stupid idiot, nobody cares', 'thanks for the recipe, my kids loved it'],
  ] as const)(
    'the %s model ranks a typical positive above a typical negative',
    (name, positive, negative) => {
      expect(probability(name, positive)).toBeGreaterThan(0.5);
      expect(probability(name, negative)).toBeLessThan(0.5);
    },
  );

  it('scores a disguised text as the plain one', () => {
    const plain = probability('offensive', 'you are a stupid idiot');
    expect(probability('offensive', 'you are a st\u200bupid 1di0t'.replace('1di0t', 'id*ot'))).toBeCloseTo(
      plain,
      5,
    );
  });

  it('explains a score with the words that weighed most, marked in the original text', () => {
    const text = 'Please SUBSCRIBE to my channel, free gift cards!!';
    const check = createTextModelCheck(scorer, 'spam');
    const [signal] = check(comment(text), {});
    expect(signal).toMatchObject({ check: 'spam_model', code: 'likely_spam', score: expect.any(Number) });
    expect(signal!.score).toBeGreaterThan(0);
    expect(signal!.message).toMatch(/likely spam \(words: "/);
    const marked = signal!.spans!.map((span) => text.slice(span.start, span.end).toLowerCase());
    expect(marked.length).toBeGreaterThan(0);
    for (const words of marked) expect(text.toLowerCase()).toContain(words);
  });
});

describe('model scoring', () => {
  it.each([
    ['spam', 0.5, 0],
    ['spam', 0.999999, 6],
    ['spam', 0.000001, -1],
    ['offensive', 0.000001, 0],
    ['offensive', 0.999999, 6],
  ] as const)('%s at P=%d scores %d', (name, p, score) => {
    expect(modelScore(name, p)).toBe(score);
  });

  it('alone never rejects: its most is below the default reject threshold less a link', () => {
    expect(modelScore('spam', 0.999999) + 1).toBeLessThan(defaultPolicy.rejectThreshold);
  });

  it('grows with the probability', () => {
    const scores = [0.6, 0.7, 0.8, 0.85, 0.9].map((p) => modelScore('spam', p));
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    expect(new Set(scores).size).toBe(scores.length);
  });

  it("of spam, and the rule checks' weights, are the fit the manifest records (models.spam.scoring)", () => {
    const fit = readManifest(findModelsDir()).models.spam!.scoring as {
      scoring: ModelScoring;
      weights: Record<string, number>;
    };
    for (let p = 0.01; p < 1; p += 0.01) {
      expect(modelScore('spam', p)).toBe(scoreProbability(fit.scoring, p));
    }
    expect(CHECK_WEIGHTS).toEqual(fit.weights);
  });
});

describe('model files', () => {
  it('quantize weights to 8 or 16 bits within half a step', () => {
    const weights = Float32Array.from([0, 1.5, -3, 0.0001, 2.25]);
    for (const bits of [8, 16] as const) {
      const { bytes, scale } = encodeWeights(weights, bits);
      const decoded = decodeWeights(bytes, bits, scale);
      weights.forEach((weight, i) =>
        expect(Math.abs(decoded[i]! - weight)).toBeLessThanOrEqual(scale / 2 + 1e-7),
      );
    }
  });

  it('refuse a weights file that does not match its manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'models-'));
    cpSync(findModelsDir(), dir, { recursive: true });
    const file = join(dir, 'spam.weights');
    const bytes = readFileSync(file);
    bytes[0] = (bytes[0]! + 1) % 256;
    writeFileSync(file, bytes);
    try {
      expect(() => loadTextModels(dir)).toThrow(/spam\.weights: its sha256 does not match/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('store trained texts sorted and once each', () => {
    const bytes = encodeTrainedTexts([5, 3, 5, 0xffffffff]);
    expect([0, 1, 2].map((i) => bytes.readUInt32LE(i * 4))).toEqual([3, 5, 0xffffffff]);
  });
});

describe('features', () => {
  const featurize = createFeaturizer({ bits: 12, charMin: 3, charMax: 5, wordBigrams: true });

  it('are the same for the same text and have unit length', () => {
    const a = featurize.extract('free gift cards 0800 123', { facts: ['links=1'], skip: [] });
    const b = featurize.extract('free gift cards 0800 123', { facts: ['links=1'], skip: [] });
    expect([...a.indexes]).toEqual([...b.indexes]);
    const norm = a.values.reduce((sum, value) => sum + value * value, 0);
    expect(norm).toBeCloseTo(1, 5);
  });

  it('read digits alike, so phone numbers and prices share features', () => {
    const a = featurize.extract('call 0800 123 456', { facts: [], skip: [] });
    const b = featurize.extract('call 0900 765 432', { facts: [], skip: [] });
    expect([...a.indexes]).toEqual([...b.indexes]);
  });
});
