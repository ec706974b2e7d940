import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { LivePublisher } from '../live/live-events';
import { findLatestCommentByContent } from '../db/comments-repository';
import { findAuthorStanding } from '../db/moderation-reads-repository';
import { findAuthorAccount } from '../db/author-standings-repository';
import { submitFeedback } from '../intake/feedback';
import { authorKey } from '../intake/submit-comment';
import { createPgLearner, loadClassifierStats } from '../learning/pg-learning';
import { textExampleKey, tokenize, type Label } from '../moderation/classifier';
import type { CrowdIndex } from '../moderation/check-context';
import type { NamedCheck } from '../moderation/checks';
import { loadCheckContext } from '../moderation/load-check-context';
import { moderate } from '../moderation/moderate';
import type { CheckInput, Verdict } from '../moderation/types';
import type { Site } from '../sites/site';
import { isTestForm, type AkismetCommentForm } from './akismet-schema';
import { insertAkismetCheck, recordAkismetSubmission } from '../db/akismet-checks-repository';

export interface AkismetDeps {
  pool: Pool;
  crowd: CrowdIndex;
  /** The check list; a function, so the heavy matchers are built on the first check, not at start. */
  checks: () => NamedCheck[];
  /** Tells open dashboards of submit-spam and submit-ham. */
  live?: LivePublisher;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Akismet's blog_lang ("en, fr_ca") as one BCP 47 tag ("en"): the site's first language. */
function languageOf(blogLang: string | undefined): string | null {
  const first = blogLang?.split(',')[0]?.trim().replace(/_/g, '-');
  return first && LANGUAGE_TAG.test(first) ? first : null;
}

/** A form value, if the field is there, a string and not blank. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The comment of an Akismet form as checks see it. */
export function toCheckInput(form: AkismetCommentForm, receivedAt: string): CheckInput {
  const author = Object.fromEntries(
    Object.entries({
      name: text(form.comment_author),
      email: text(form.comment_author_email),
      url: text(form.comment_author_url),
      ip: text(form.user_ip),
      userAgent: text(form.user_agent),
    }).filter(([, value]) => value !== undefined),
  );
  const permalink = text(form.permalink);
  const honeypotField = text(form.honeypot_field_name);
  return {
    content: form.comment_content ?? '',
    author,
    thread: permalink ? { url: permalink } : {},
    // The hidden field is named by honeypot_field_name and sent under that name; empty is not filled.
    honeypot: honeypotField ? (text(form[honeypotField]) ?? null) : null,
    lang: languageOf(form.blog_lang),
    createdAt: text(form.comment_date_gmt) ?? null,
    receivedAt,
    meta: {},
  };
}

/**
 * A stable id for a comment that is checked but not stored, so that checking the same comment
 * again is recorded once in the crowd index, not counted as a copy of itself.
 */
function checkedCommentId(siteId: string, comment: CheckInput): string {
  const parts = [siteId, comment.author.ip, comment.author.email, comment.thread?.url, comment.content];
  return `akismet:${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)}`;
}

/** Author values Akismet documents as always spam, for clients' own tests. */
const GUARANTEED_SPAM_AUTHORS = new Set(['akismet-guaranteed-spam', 'viagra-test-123']);
const GUARANTEED_SPAM_EMAIL = 'akismet-guaranteed-spam@example.com';

/** What comment-check answers: spam or not, whether it may be discarded unseen, and the check's guid. */
export interface AkismetAnswer {
  spam: boolean;
  /** The policy would reject it outright: `X-akismet-pro-tip: discard`. */
  discard: boolean;
  /** Names the recorded check: `X-akismet-guid`, sent back with submit-spam or submit-ham. */
  guid: string;
  /** The checks' verdict; null when a test value or the administrator role decided. */
  verdict: Verdict | null;
}

/** The answer Akismet documents for its test values, before any check runs; undefined for others. */
function documentedAnswer(form: AkismetCommentForm): boolean | undefined {
  // WordPress sends every role of the user, comma-separated.
  if (form.user_role?.split(',').some((role) => role.trim() === 'administrator')) return false;
  if (GUARANTEED_SPAM_AUTHORS.has(form.comment_author?.trim().toLowerCase() ?? '')) return true;
  if (form.comment_author_email?.trim().toLowerCase() === GUARANTEED_SPAM_EMAIL) return true;
  return undefined;
}

/** Runs the site's real checks and policy now on a comment that is not stored (Akismet stores none). */
async function runChecks(deps: AkismetDeps, site: Site, form: AkismetCommentForm, now: Date) {
  const comment = toCheckInput(form, now.toISOString());
  const subject = {
    id: checkedCommentId(site.id, comment),
    siteId: site.id,
    authorKey: authorKey({ email: comment.author.email }),
    author: comment.author,
    content: comment.content,
    receivedAt: comment.receivedAt,
  };
  const sources = {
    authorStanding: (siteId: string, key: string) => findAuthorStanding(deps.pool, siteId, key),
    authorAccount: (siteId: string, key: string) => findAuthorAccount(deps.pool, siteId, key),
    classifierCounts: (siteId: string, tokens: readonly string[]) =>
      loadClassifierStats(deps.pool, siteId, tokens),
    crowd: deps.crowd,
  };
  const context = await loadCheckContext(sources, subject, { policy: site.policy });
  return moderate(deps.checks(), comment, context);
}

/**
 * Akismet's comment-check: Akismet's documented test values and the administrator role answer as
 * Akismet does; any other comment gets the site's checks and policy, and whatever the policy would
 * not publish is spam, unless the site is in trial mode. Every check is recorded (without its text)
 * under the guid the answer carries.
 */
export async function checkComment(
  deps: AkismetDeps,
  site: Site,
  form: AkismetCommentForm,
  now = new Date(),
): Promise<AkismetAnswer> {
  const documented = documentedAnswer(form);
  const verdict = documented === undefined ? await runChecks(deps, site, form, now) : null;
  // Trial mode: the policy's verdict is only observed (recorded with the check); the site is told to publish.
  const observed = site.policy.mode === 'observe' && documented === undefined;
  const spam = documented ?? (!observed && verdict!.action !== 'approve');
  const guid = await insertAkismetCheck(deps.pool, {
    siteId: site.id,
    spam,
    action: verdict?.action ?? null,
    score: verdict?.score ?? null,
    isTest: isTestForm(form),
  });
  return { spam, discard: !observed && verdict?.action === 'reject', guid, verdict };
}

/** What a submit-spam or submit-ham did. */
export type AkismetLesson = 'comment_feedback' | 'example_learned' | 'nothing_to_learn' | 'test_not_learned';

/**
 * Akismet's submit-spam / submit-ham. A test (is_test) never teaches. With the guid of one of the
 * site's checks, the submission is recorded on that check. When the site sent us a comment with
 * exactly this content, the submission is that comment's feedback: its status changes, the change
 * is recorded as the site's, and the classifier learns it (keyed by the comment). Otherwise the text
 * is learned as an example, keyed by the check it corrects, or else by its normalised text, like a
 * training file's row. Either way one submission is learned once, and repeating it changes nothing.
 */
export async function learnFromSubmission(
  deps: Pick<AkismetDeps, 'pool' | 'live'>,
  site: Site,
  form: AkismetCommentForm,
  label: Label,
): Promise<AkismetLesson> {
  if (isTestForm(form)) return 'test_not_learned';
  const check = form.guid ? await recordAkismetSubmission(deps.pool, site.id, form.guid, label) : null;
  const content = form.comment_content ?? '';
  if (content.trim() === '') return 'nothing_to_learn';
  const stored = await findLatestCommentByContent(deps.pool, site.id, content);
  if (stored) {
    await submitFeedback(
      deps.pool,
      site.id,
      stored.externalId,
      { label, reason: `Akismet submit-${label}` },
      deps.live,
    );
    return 'comment_feedback';
  }
  await createPgLearner(deps.pool).learn({
    siteId: site.id,
    key: check ? `akismet:${check.guid}` : textExampleKey(content),
    label,
    tokens: tokenize(content),
  });
  return 'example_learned';
}

/** Akismet's use cases for the Akismet-compatible routes. */
export function createAkismetService(deps: AkismetDeps) {
  return {
    check: (site: Site, form: AkismetCommentForm) => checkComment(deps, site, form),
    learn: (site: Site, form: AkismetCommentForm, label: Label) =>
      learnFromSubmission(deps, site, form, label),
  };
}

export type AkismetService = ReturnType<typeof createAkismetService>;
