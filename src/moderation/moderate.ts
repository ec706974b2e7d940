import { runChecks, type NamedCheck } from './checks';
import { isTrusted, isTrustedByModerators, type CheckContext } from './check-context';
import { decide } from './policy';
import type { CheckInput, Verdict } from './types';

/**
 * The whole decision for one comment: run the site's checks on the preloaded context and apply
 * its policy. Pure, so the worker, the evaluation command and synchronous checks share it.
 */
export function moderate(checks: NamedCheck[], comment: CheckInput, context: CheckContext): Verdict {
  const signals = runChecks(checks, comment, context);
  return decide(signals, context.policy, { trustedAuthor: isTrustedAuthor(context) });
}

/** Whether the policy must not reject this author's comment on score alone. */
export const isTrustedAuthor = (context: CheckContext): boolean =>
  (context.policy.checks.author_history?.enabled !== false && isTrusted(context.author, context.policy)) ||
  isTrustedByModerators(context.account);
