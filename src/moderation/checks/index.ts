import type { CheckContext } from '../check-context';
import type { CheckName } from '../policy';
import type { Check, CheckInput, Signal } from '../types';
import { createSiteTermsCheck } from './site-terms';
import { linksCheck } from './links';
import { createProfanityCheck } from './profanity';
import { createSpamRulesCheck } from './spam-rules';
import { classifierCheck } from '../classifier';
import { duplicatesCheck } from './duplicates';
import { authorHistoryCheck } from './author-history';
import { languageCheck } from './language';
import { createTextModelCheck } from './text-models';
import { CHECK_WEIGHTS } from './model-scoring';
import { createTextScorer, type TextModel } from '../models/text-model';
import { analyzeComment } from '../text/analyze';
import { authorStandingCheck } from './author-standing';
import { blockListsCheck } from './block-lists';
import { cleanText } from '../text/safe-text';

export interface NamedCheck {
  name: CheckName;
  run: Check<CheckContext>;
  /** Multiplies its signals' scores under the site's weight (fitted ones: model-scoring.ts); default 1. */
  weight?: number;
}

/**
 * Checks cap what they read at this many characters, so one huge comment cannot hold the
 * worker's event loop long enough to lose its job locks.
 */
export const MAX_CHECKED_CHARS = 20_000;

/**
 * The ordered list of checks: this list is the pipeline; reorder or remove a line to change it.
 * `models` are the text models the composition root loaded (the shipped ones: loadTextModels()).
 */
export function createChecks(deps: { models: readonly TextModel[] }): NamedCheck[] {
  const scorer = createTextScorer(deps.models);
  return [
    { name: 'language', run: languageCheck },
    { name: 'site_terms', run: createSiteTermsCheck() },
    { name: 'profanity', run: createProfanityCheck() },
    { name: 'links', run: linksCheck, weight: CHECK_WEIGHTS.links },
    { name: 'spam_rules', run: createSpamRulesCheck(), weight: CHECK_WEIGHTS.spam_rules },
    { name: 'spam_model', run: createTextModelCheck(scorer, 'spam') },
    { name: 'offensive_model', run: createTextModelCheck(scorer, 'offensive') },
    { name: 'classifier', run: classifierCheck, weight: CHECK_WEIGHTS.classifier },
    { name: 'duplicates', run: duplicatesCheck, weight: CHECK_WEIGHTS.duplicates },
    { name: 'author_history', run: authorHistoryCheck },
    { name: 'author_standing', run: authorStandingCheck },
    { name: 'block_lists', run: blockListsCheck },
  ];
}

/**
 * Runs the checks the site's policy enables and applies its weights. The comment's canonical text
 * and language are worked out once, for all of them. A check that throws yields a `check_failed`
 * signal that forces review, because a broken check must never let a comment through.
 */
export function runChecks(checks: NamedCheck[], comment: CheckInput, context: CheckContext): Signal[] {
  const input = { ...comment, content: comment.content.slice(0, MAX_CHECKED_CHARS) };
  const analysis = analyzeComment(input);
  return checks.flatMap(({ name, run, weight: fitted = 1 }) => {
    const settings = context.policy.checks[name];
    if (settings?.enabled === false) return [];
    const weight = (settings?.weight ?? 1) * fitted;
    try {
      // Messages quote the comment: cleaned here, once for every check, so none can carry a NUL
      // or a lone surrogate into storage (src/moderation/text/safe-text.ts).
      return run(input, context, analysis).map((signal) => ({
        ...signal,
        message: cleanText(signal.message),
        score: signal.score * weight,
      }));
    } catch (error) {
      return [
        {
          check: name,
          code: 'check_failed',
          score: 0,
          force: 'review' as const,
          message: `The ${name} check failed (${error instanceof Error ? error.name : 'error'}); a person should look.`,
        },
      ];
    }
  });
}
