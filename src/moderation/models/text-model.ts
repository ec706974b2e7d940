import { originalSpan, type CanonicalText } from '../text/canonical';
import type { Span } from '../types';
import { cuesOf, type Cues } from './cues';
import { createFeaturizer, sameBase, type FeatureSpec, type Features } from './features';
import type { WordTags } from './word-tags';

/** The shipped models: comment spam, and offensive language (insults, slurs, hate, profanity). */
export type TextModelName = 'spam' | 'offensive';

/** A logistic regression over hashed features, with its calibration. */
export interface TextModel {
  name: TextModelName;
  spec: FeatureSpec;
  weights: Float32Array;
  bias: number;
  /** Platt scaling: P = σ(a·margin + b). */
  platt: { a: number; b: number };
  /** The word tags its spec names (spec.wordTags). */
  wordTags?: WordTags;
}

/** What a model says of a text. */
export interface ModelVerdict {
  probability: number;
  margin: number;
}

/** A word or word pair that pushed the model's margin, with where it is in the original text. */
export interface Evidence {
  text: string;
  /** Its share of the margin, in log-odds. */
  weight: number;
  spans: Span[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Models whose specs differ at most in word tags (one tags file per group) read a text in one pass. */
interface Group {
  spec: FeatureSpec;
  wordTags: TextModel['wordTags'];
}

function groupOf(groups: Group[], model: TextModel): number {
  const tags = model.spec.wordTags;
  const found = groups.findIndex(
    (group) =>
      sameBase(group.spec, model.spec) &&
      (tags === undefined || group.spec.wordTags === undefined || group.spec.wordTags === tags),
  );
  if (found < 0) return groups.push({ spec: model.spec, wordTags: model.wordTags }) - 1;
  if (tags !== undefined) groups[found] = { spec: model.spec, wordTags: model.wordTags };
  return found;
}

/**
 * Scores texts with the shipped models. Models whose feature specs differ at most in word tags
 * share one extraction, remembered per canonical text, so the spam and offensive checks of one
 * comment hash it once; the model with tags adds them to the same pass.
 */
export function createTextScorer(models: readonly TextModel[]) {
  const groups: Group[] = [];
  const featurizers = models.map((model) => ({
    model,
    key: groupOf(groups, model),
    tagged: model.spec.wordTags !== undefined,
  }));
  const byKey = new Map(groups.map((group, key) => [key, createFeaturizer(group.spec, group.wordTags)]));
  const cache = new WeakMap<CanonicalText, Map<number, { plain: Features; tagged: Features | null }>>();
  // The cues read only the texts: one pass per comment, whichever model extracts or explains.
  const cuesCache = new WeakMap<CanonicalText, Cues>();
  const cuesFor = (original: string, canonical: CanonicalText): Cues => {
    let cues = cuesCache.get(canonical);
    if (!cues) {
      cues = cuesOf(original, canonical.text);
      cuesCache.set(canonical, cues);
    }
    return cues;
  };

  const featuresOf = (
    { key, tagged }: { key: number; tagged: boolean },
    original: string,
    canonical: CanonicalText,
  ): Features => {
    let perText = cache.get(canonical);
    if (!perText) {
      perText = new Map();
      cache.set(canonical, perText);
    }
    let both = perText.get(key);
    if (!both) {
      both = byKey.get(key)!.extractBoth(canonical.text, cuesFor(original, canonical));
      perText.set(key, both);
    }
    return tagged ? both.tagged! : both.plain;
  };
  const find = (name: TextModelName) => featurizers.find((entry) => entry.model.name === name);

  return {
    has: (name: TextModelName) => find(name) !== undefined,

    /** The model's calibrated probability for a comment; null when the model is not loaded. */
    score(name: TextModelName, original: string, canonical: CanonicalText): ModelVerdict | null {
      const entry = find(name);
      if (!entry) return null;
      const { weights, bias, platt } = entry.model;
      const features = featuresOf(entry, original, canonical);
      let margin = bias;
      for (let k = 0; k < features.size; k++) margin += weights[features.indexes[k]!]! * features.values[k]!;
      return { margin, probability: sigmoid(platt.a * margin + platt.b) };
    },

    /**
     * The words and word pairs that weighed most toward (sign 1) or against (sign -1) the model's
     * answer: each character n-gram's weight goes to the word it is in.
     */
    explain(
      name: TextModelName,
      original: string,
      canonical: CanonicalText,
      sign: 1 | -1,
      limit = 5,
    ): Evidence[] {
      const entry = find(name);
      if (!entry) return [];
      const features = featuresOf(entry, original, canonical);
      const valueOf = new Map<number, number>();
      for (let k = 0; k < features.size; k++) valueOf.set(features.indexes[k]!, features.values[k]!);
      const sources = byKey.get(entry.key)!.explain(canonical.text, cuesFor(original, canonical), entry.tagged);
      // Weight per word span ("start:end"); n-grams are credited to the word that holds them.
      const totals = new Map<string, { start: number; end: number; weight: number }>();
      const seen = new Set<number>();
      for (const source of sources) {
        if (source.kind === 'shape' || seen.has(source.index)) continue;
        // A feature seen twice counts once: its value already holds the count.
        seen.add(source.index);
        const weight = entry.model.weights[source.index]! * (valueOf.get(source.index) ?? 0);
        const key = `${source.wordStart}:${source.wordEnd}`;
        const total = totals.get(key) ?? { start: source.wordStart, end: source.wordEnd, weight: 0 };
        total.weight += weight;
        totals.set(key, total);
      }
      // One entry per distinct text, with every place it occurs.
      const byText = new Map<string, Evidence>();
      for (const { start, end, weight } of totals.values()) {
        const text = canonical.text.slice(start, end);
        const evidence = byText.get(text) ?? { text, weight: 0, spans: [] };
        evidence.weight = sign * weight > sign * evidence.weight ? weight : evidence.weight;
        evidence.spans.push(originalSpan(canonical, start, end));
        byText.set(text, evidence);
      }
      return [...byText.values()]
        .filter((evidence) => sign * evidence.weight > 0)
        .sort((a, b) => sign * (b.weight - a.weight))
        .slice(0, limit);
    },
  };
}

export type TextScorer = ReturnType<typeof createTextScorer>;
