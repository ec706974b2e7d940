import {
  RegExpMatcher,
  TextCensor,
  englishDataset,
  englishRecommendedTransformers,
  type MatchPayload,
} from 'obscenity';
import type { Check, Span } from '../types';

/** Score of the first distinct profane word, and of each further one, up to the cap. */
const FIRST_WORD_SCORE = 4;
const FURTHER_WORD_SCORE = 2;
const MAX_SCORE = 8;

/** Profane words found in a text, with their spans and the text censored for display. */
export interface ProfanityMatches {
  words: string[];
  spans: Span[];
  censored: string;
}

/** Builds the obscenity matcher once (English dataset, recommended transformers) and returns a finder. */
export function createProfanityFinder(): (text: string) => ProfanityMatches {
  const matcher = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });
  const censor = new TextCensor();
  return (text) => {
    const matches: MatchPayload[] = matcher.getAllMatches(text, true);
    const words = new Set<string>();
    const spans = new Map<string, Span>();
    for (const match of matches) {
      words.add(
        englishDataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? 'profanity',
      );
      // obscenity's endIndex is inclusive; ours is exclusive, as String#slice takes it.
      spans.set(`${match.startIndex}:${match.endIndex}`, {
        start: match.startIndex,
        end: match.endIndex + 1,
      });
    }
    return { words: [...words], spans: [...spans.values()], censored: censor.applyTo(text, matches) };
  };
}

/** Flags profanity, scoring more for more distinct words; obscenity sees through leetspeak and look-alikes. */
export function createProfanityCheck(): Check<unknown> {
  const find = createProfanityFinder();
  return (comment) => {
    const { words, spans } = find(comment.content);
    if (words.length === 0) return [];
    const score = Math.min(MAX_SCORE, FIRST_WORD_SCORE + FURTHER_WORD_SCORE * (words.length - 1));
    return [
      {
        check: 'profanity',
        code: 'profanity',
        score,
        message: `Profanity: ${words.map((word) => `"${word}"`).join(', ')}`,
        spans,
      },
    ];
  };
}
