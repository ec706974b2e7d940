import type { Policy } from './policy';
import type { Action, Signal } from './types';

/** A reason the site may show the commenter: a stable code and the site's text for it. */
export interface PublicReason {
  code: string;
  text: string;
}

/**
 * The public reasons every site has, in plain words a commenter understands; a site overrides a
 * text or adds codes with its policy's `reasons`. This is the statement of reasons the DSA asks for.
 */
export const DEFAULT_REASONS: Readonly<Record<string, string>> = {
  spam: 'This comment looks like spam or advertising.',
  offensive: 'This comment contains language that is not allowed here.',
  links: 'This comment links to a site that is not allowed here.',
  held_for_review: 'This comment is waiting for a moderator.',
  new_author: 'Comments from new commenters are checked by a moderator before they appear.',
  premoderated: 'Comments from this account are checked by a moderator before they appear.',
  suspended: 'This account may not comment here for now.',
  banned: 'This account may no longer comment here.',
  blocked: 'Comments from this address are not accepted here.',
  abuse: 'This comment is abusive.',
  harassment: 'This comment harasses someone.',
  hate: 'This comment attacks people for who they are.',
  off_topic: 'This comment is off topic.',
  personal_data: "This comment shares someone's personal information.",
  duplicate: 'This comment repeats one posted before.',
  other: 'This comment breaks the rules of this site.',
};

/** The site's catalogue: the defaults with the site's own texts and codes over them. */
export function reasonCatalogue(policy: Pick<Policy, 'reasons'>): Record<string, string> {
  return { ...DEFAULT_REASONS, ...policy.reasons };
}

/** The reason with this code, in the site's words; a code the catalogue lacks falls back to `other`. */
export function publicReason(policy: Pick<Policy, 'reasons'>, code: string): PublicReason {
  const catalogue = reasonCatalogue(policy);
  const text = catalogue[code];
  return text === undefined ? { code: 'other', text: catalogue.other! } : { code, text };
}

/** Signal codes whose reason is their own, whatever check emitted them. */
const BY_CODE: Record<string, string> = {
  author_banned: 'banned',
  author_suspended: 'suspended',
  author_premoderated: 'premoderated',
  new_author: 'new_author',
  blocked_email_domain: 'blocked',
  blocked_network: 'blocked',
  blocked_domain: 'links',
  check_failed: 'held_for_review',
  processing_failed: 'held_for_review',
};

/** Otherwise the reason follows the check that emitted the signal. */
const BY_CHECK: Record<string, string> = {
  profanity: 'offensive',
  offensive_model: 'offensive',
  site_terms: 'offensive',
  spam_model: 'spam',
  links: 'spam',
  spam_rules: 'spam',
  classifier: 'spam',
  duplicates: 'spam',
};

const severity: Record<Action, number> = { approve: 0, review: 1, reject: 2 };

/**
 * The reason code of a worker's verdict, from the signal that decided it: the strongest forcing
 * signal if one forced the action, else the highest-scoring one. Null for an approval.
 */
export function verdictReasonCode(verdict: { action: Action; signals: readonly Signal[] }): string | null {
  if (verdict.action === 'approve') return null;
  const forcing = verdict.signals
    .filter((signal) => signal.force && severity[signal.force] >= severity[verdict.action])
    .sort((a, b) => severity[b.force!] - severity[a.force!]);
  const scoring = verdict.signals.filter((signal) => signal.score > 0).sort((a, b) => b.score - a.score);
  const decisive = forcing[0] ?? scoring[0];
  if (!decisive) return verdict.action === 'review' ? 'held_for_review' : 'other';
  return BY_CODE[decisive.code] ?? BY_CHECK[decisive.check] ?? 'held_for_review';
}
