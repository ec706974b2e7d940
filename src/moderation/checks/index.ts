import type { Policy } from '../policy';
import type { Check, CheckInput, Signal } from '../types';
import { createBlockedTermsCheck } from './blocked-terms';
import { linksCheck } from './links';
import { createProfanityCheck } from './profanity';

/** What the worker preloads for the checks, so that no check fetches anything. */
export interface CheckContext {
  policy: Policy;
}

export interface NamedCheck {
  name: string;
  run: Check<CheckContext>;
}

/**
 * Checks cap what they read at this many characters, so one huge comment cannot hold the
 * worker's event loop long enough to lose its job locks.
 */
export const MAX_CHECKED_CHARS = 20_000;

/** The ordered list of checks: this list is the pipeline; reorder or remove a line to change it. */
export function createChecks(): NamedCheck[] {
  return [
    { name: 'blocked_terms', run: createBlockedTermsCheck() },
    { name: 'profanity', run: createProfanityCheck() },
    { name: 'links', run: linksCheck },
  ];
}

/**
 * Runs every check; a check that throws yields a `check_failed` signal that forces review,
 * because a broken check must never let a comment through silently.
 */
export function runChecks(checks: NamedCheck[], comment: CheckInput, context: CheckContext): Signal[] {
  const input = { ...comment, content: comment.content.slice(0, MAX_CHECKED_CHARS) };
  return checks.flatMap(({ name, run }) => {
    try {
      return run(input, context);
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
