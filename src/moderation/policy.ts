import { z } from 'zod';
import type { Action, Signal, Verdict } from './types';

/** The checks a site can switch off or weigh; names match `NamedCheck.name`. */
export const CHECK_NAMES = [
  'site_terms',
  'profanity',
  'links',
  'spam_rules',
  'classifier',
  'duplicates',
  'author_history',
  'language',
  'spam_model',
  'offensive_model',
  'author_standing',
  'block_lists',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

/** How readily a site's policy holds and rejects comments; the presets are in sensitivity.ts. */
export const SENSITIVITIES = ['strict', 'balanced', 'lenient'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];

const term = z.string().trim().toLowerCase().min(1).max(100);
const terms = z.array(term).max(1000).default([]);
const domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z0-9-]{2,63}$/, 'must be a domain name such as "example.com"');
const domains = z.array(domain).max(1000).default([]);
const network = z.union([z.cidrv4(), z.cidrv6()], {
  error: 'must be an IP network in CIDR notation such as "203.0.113.0/24"',
});
/** A public reason code: snake_case, as the site may match on it. */
export const reasonCodeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a snake_case reason code such as "off_topic"');

/** One check's switch and weight in a policy. */
export const checkSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Multiplies the scores of the check's signals; 0 keeps it visible but silent. */
    weight: z.number().min(0).max(10).default(1),
  })
  .strict();

/**
 * A site's moderation policy; every key has a default, so a new site needs no tuning. Strict: it
 * validates what an administrator sends. A policy read back from storage goes through readPolicy.
 */
export const policySchema = z
  .object({
    /**
     * The preset last chosen (strict, balanced, lenient). Choosing one sets both thresholds and the
     * weights of the weak-signal checks (sensitivity.ts); what the same change sets itself wins.
     */
    sensitivity: z.enum(SENSITIVITIES).default('balanced'),
    /** A summed score at or above this holds the comment for review. */
    reviewThreshold: z.number().min(0).max(1000).default(3),
    /** A summed score at or above this rejects the comment. */
    rejectThreshold: z.number().min(0).max(1000).default(9),
    /** Per-check switches and weights, e.g. `{ "links": { "weight": 0.5 } }`. */
    checks: z.partialRecord(z.enum(CHECK_NAMES), checkSettingsSchema).default({}),
    /** Words or phrases that reject a comment outright (whole words, any case). */
    blockedTerms: terms,
    /** Words or phrases that hold a comment for review. */
    flaggedTerms: terms,
    /** Words or phrases never matched by the term lists or the profanity check (e.g. a town's name). */
    allowedTerms: terms,
    /**
     * `allowed`: the site's readers swear, so swear words (mild and strong) no longer count; slurs
     * and sexual terms still do, and insults stay the offensive model's to judge. `hold`: they count.
     */
    swearing: z.enum(['hold', 'allowed']).default('hold'),
    /** Links to these domains (and their subdomains) reject the comment. */
    blockedDomains: domains,
    /** Links to these domains (and their subdomains) never count against a comment. */
    allowedDomains: domains,
    /** More links than this in one comment add to its score. */
    maxLinks: z.number().int().min(0).max(100).default(2),
    /** An author with this many approved comments on the site is trusted: never auto-rejected on soft signals. 0: nobody is. */
    trustedAfterApproved: z.number().int().min(0).max(10_000).default(3),
    /** Languages the site expects (BCP 47 primary tags such as "en"); empty: any. */
    languages: z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'must be a language code such as "en"'))
      .max(50)
      .default([]),
    /** A comment submitted sooner than this after its form was shown looks automated. */
    minSubmitSeconds: z.number().min(0).max(600).default(3),
    /** An author's first N comments go to review until one of them is approved; 0: nobody is held for being new. */
    holdFirst: z.number().int().min(0).max(100).default(0),
    /** `observe` (trial mode): verdicts are computed and stored, but every comment is approved. */
    mode: z.enum(['enforce', 'observe']).default('enforce'),
    /** Authors whose e-mail is at these domains (or their subdomains) are rejected. */
    blockedEmailDomains: domains,
    /** Comments from these IP networks (CIDR) are rejected. */
    blockedNetworks: z.array(network).max(1000).default([]),
    /** The site's public reason texts by code, over the defaults (src/moderation/reasons.ts); new codes may be added. */
    reasons: z.record(reasonCodeSchema, z.string().trim().min(1).max(500)).default({}),
    /** Comments and callbacks older than this many days lose their personal data; null keeps them. */
    retentionDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict()
  .refine((policy) => policy.rejectThreshold >= policy.reviewThreshold, {
    path: ['rejectThreshold'],
    message: 'must be at or above reviewThreshold',
  });

export type Policy = z.infer<typeof policySchema>;

/** The policy of a site that set nothing. */
export const defaultPolicy: Policy = policySchema.parse({});

const severity: Record<Action, number> = { approve: 0, review: 1, reject: 2 };

/**
 * Rude words and an offensive tone are for a person to judge: together the abuse checks weigh at
 * most ABUSE_CAP, below the default reject threshold, so abuse alone holds a comment and never
 * rejects it; with spam evidence, or under a stricter policy (a lower reject threshold), it may.
 */
export const ABUSE_CHECKS: readonly string[] = ['profanity', 'offensive_model'];
export const ABUSE_CAP = 8;

/**
 * The verdict's score: the abuse checks' sum capped at ABUSE_CAP, plus the author's standing, plus
 * the rest floored at 0 — evidence that a text is not spam (a model's or the classifier's) takes
 * back spam evidence but does not excuse an insult.
 */
export function scoreOf(signals: readonly Signal[]): number {
  let abuse = 0;
  let standing = 0;
  let rest = 0;
  for (const signal of signals) {
    if (ABUSE_CHECKS.includes(signal.check)) abuse += signal.score;
    else if (signal.check === 'author_history') standing += signal.score;
    else rest += signal.score;
  }
  return Math.round((Math.max(rest, 0) + Math.min(abuse, ABUSE_CAP) + standing) * 100) / 100;
}

/**
 * Sums the signals' scores (see scoreOf) and maps the sum to an action; a forcing signal sets a floor.
 * A trusted author is never rejected by score alone: at worst the comment goes to review.
 */
export function decide(
  signals: Signal[],
  policy: Policy,
  options: { trustedAuthor?: boolean } = {},
): Verdict {
  const score = scoreOf(signals);
  let action: Action =
    score >= policy.rejectThreshold ? 'reject' : score >= policy.reviewThreshold ? 'review' : 'approve';
  if (action === 'reject' && options.trustedAuthor) action = 'review';
  for (const signal of signals) {
    if (signal.force && severity[signal.force] > severity[action]) action = signal.force;
  }
  return { action, score, signals };
}
