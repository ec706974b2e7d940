import type { Span } from '../types';
import { PHRASE_CATEGORIES, type PhraseCategory } from './pitches';

/** The phrases of one category found in a text. */
export interface PhraseHit {
  code: string;
  label: string;
  score: number;
  quotes: string[];
  spans: Span[];
}

/** The top-level alternatives of a regular expression's source: "a|(b|c)" → ["a", "(b|c)"]. */
function branchesOf(source: string): string[] {
  const branches: string[] = [];
  let depth = 0;
  let inClass = false;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === '|' && depth === 0) {
      branches.push(source.slice(from, i));
      from = i + 1;
    }
  }
  return [...branches, source.slice(from)];
}

/**
 * Whether any pitch can be in a text: the union of every pattern, with the word boundary that
 * nearly all of them start with tested once per position rather than once per pattern (inside a
 * word it fails there, before any pattern is tried).
 */
function anyPitchPattern(rules: readonly RegExp[]): RegExp {
  // Back-references would point at other groups once the branches are reordered: then no factoring.
  if (rules.some((pattern) => /\\[1-9]/.test(pattern.source)))
    return new RegExp(rules.map((pattern) => `(?:${pattern.source})`).join('|'), 'i');
  const branches = rules.flatMap((pattern) => branchesOf(pattern.source));
  const bounded = branches.filter((branch) => branch.startsWith('\\b'));
  const others = branches.filter((branch) => !branch.startsWith('\\b'));
  const alternatives = [
    `\\b(?:${bounded.map((branch) => `(?:${branch.slice(2)})`).join('|')})`,
    ...others.map((branch) => `(?:${branch})`),
  ];
  return new RegExp(alternatives.join('|'), 'i');
}

const ANY_PITCH = anyPitchPattern(
  PHRASE_CATEGORIES.flatMap((category) => category.rules.map((one) => one.pattern)),
);
const gates = new WeakMap<PhraseCategory, RegExp>();
const gateOf = (category: PhraseCategory): RegExp => {
  let gate = gates.get(category);
  if (!gate) {
    gate = new RegExp(category.rules.map((one) => `(?:${one.pattern.source})`).join('|'), 'i');
    gates.set(category, gate);
  }
  return gate;
};

/** Bonus when several patterns of one category match: a pitch told two ways is likelier spam. */
const SECOND_RULE_BONUS = 1;
const MAX_SPANS_PER_RULE = 50;

/** Finds the spam pitches in a text, one hit per category that matched. */
export function findPhrases(text: string, categories: PhraseCategory[] = PHRASE_CATEGORIES): PhraseHit[] {
  const hits: PhraseHit[] = [];
  // Most comments hold no pitch at all: one pass over the text says so.
  if (categories === PHRASE_CATEGORIES && !ANY_PITCH.test(text)) return hits;
  for (const category of categories) {
    // One pass over the text per category; its patterns run one by one only when something matched.
    if (!gateOf(category).test(text)) continue;
    let best = 0;
    let matchedRules = 0;
    const spans: Span[] = [];
    for (const { pattern, weight } of category.rules) {
      let matched = false;
      let elsewhere = false;
      const found: Span[] = [];
      for (const match of text.matchAll(pattern)) {
        found.push({ start: match.index, end: match.index + match[0].length });
        // Enough to show a moderator; a comment repeating one pitch a thousand times gains nothing more.
        if (found.length === MAX_SPANS_PER_RULE) break;
      }
      for (const span of found) {
        matched = true;
        // Two patterns reading the same words are one pitch, not two.
        if (!spans.some((seen) => span.start < seen.end && seen.start < span.end)) elsewhere = true;
      }
      spans.push(...found);
      if (!matched) continue;
      if (elsewhere || matchedRules === 0) matchedRules++;
      best = Math.max(best, weight);
    }
    if (matchedRules === 0) continue;
    spans.sort((a, b) => a.start - b.start);
    const merged: Span[] = [];
    for (const span of spans) {
      const last = merged[merged.length - 1];
      if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
      else merged.push({ ...span });
    }
    hits.push({
      code: category.code,
      label: category.label,
      score: best + (matchedRules > 1 ? SECOND_RULE_BONUS : 0),
      quotes: merged.map((span) => text.slice(span.start, span.end).replace(/\s+/g, ' ').trim()),
      spans: merged,
    });
  }
  return hits;
}
