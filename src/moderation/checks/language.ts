import type { Policy } from '../policy';
import { quoteAll } from '../terms';
import { analyzeComment } from '../text/analyze';
import { isOtherThanEnglish, type LanguageGuess } from '../text/language';
import type { Check, Signal } from '../types';

/** Scores of the language check. */
export const LANGUAGE_SCORES = {
  /** Written in a language the site does not expect: a little, as one weak signal. */
  unexpected_language: 1,
  /** Written in another language than English: says which checks stood aside, weighs nothing. */
  english_only_checks_skipped: 0,
} as const;

/** The checks that read English word lists or were trained on English, and stand aside otherwise. */
export const ENGLISH_ONLY = ['profanity', 'spam phrases (spam_rules)', 'spam_model', 'offensive_model'];

const names = new Intl.DisplayNames(['en'], { type: 'language' });
const nameOf = (code: string) => {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
};
const describe = (guess: LanguageGuess) =>
  `${nameOf(guess.code!)} ("${guess.code}", ${guess.source === 'detected' ? 'detected' : 'as the site said'})`;

/**
 * The comment's language: detected from its text, or as the site said when the text is too short
 * to tell. Flags a language the site does not expect (policy.languages), and tells moderators when
 * the English-only checks stood aside for another language.
 */
export const languageCheck: Check<{ policy: Pick<Policy, 'languages'> }> = (
  comment,
  { policy },
  analysis = analyzeComment(comment),
) => {
  const guess = analysis.language;
  const signals: Signal[] = [];
  if (guess.code && policy.languages.length > 0 && !policy.languages.includes(guess.code)) {
    signals.push({
      check: 'language',
      code: 'unexpected_language',
      score: LANGUAGE_SCORES.unexpected_language,
      message: `Written in ${describe(guess)}; this site expects ${quoteAll(policy.languages)}`,
    });
  }
  if (isOtherThanEnglish(guess)) {
    signals.push({
      check: 'language',
      code: 'english_only_checks_skipped',
      score: LANGUAGE_SCORES.english_only_checks_skipped,
      message: `Written in ${describe(guess)}: the English-only checks (${ENGLISH_ONLY.join(', ')}) did not run`,
    });
  }
  return signals;
};
