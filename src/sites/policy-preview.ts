import type { Pool } from 'pg';
import { z } from 'zod';
import { createBatcher, fulfilled } from '../batcher';
import { listForReplay } from '../db/review-repository';
import { findAuthorAccount } from '../db/author-standings-repository';
import { findAuthorStanding, findCommentsForModeration } from '../db/moderation-reads-repository';
import { loadClassifierStatsMany } from '../learning/pg-learning';
import type { ContextSources, ReadableCrowdIndex } from '../moderation/check-context';
import type { NamedCheck } from '../moderation/checks';
import { loadCheckContext } from '../moderation/load-check-context';
import { moderate } from '../moderation/moderate';
import { verdictOutcome } from '../moderation/outcome';
import { mergePolicy, requireSite } from './sites-service';
import { summarise, type Rescored } from './preview-summary';
import { bigintText } from '../validation';

/** How far back a preview may reach, and how many comments one page re-scores. */
export const MAX_PREVIEW_DAYS = 90;
export const MAX_PREVIEW_PAGE = 500;
const EXAMPLES_PER_PAGE = 10;
/** Comments re-scored between two yields of the event loop: the api keeps answering meanwhile. */
const CHUNK = 25;

export const policyPreviewSchema = z
  .object({
    /** The draft: merged over the site's policy as PATCH /v1/sites/:id would merge it. */
    policy: z.record(z.string(), z.unknown()).default({}),
    /** Re-score the comments received in the last this many days. */
    days: z.number().int().min(1).max(MAX_PREVIEW_DAYS).default(7),
    /** Comments re-scored by this page. */
    limit: z.number().int().min(1).max(MAX_PREVIEW_PAGE).default(200),
    /** The previous page's nextCursor. */
    cursor: z.string().optional(),
  })
  .strict();

/** Where a preview stands: the end of its time range, fixed by the first page, and the last comment re-scored. */
export const previewPosition = z.object({ to: z.iso.datetime(), seq: bigintText() });
export type PreviewPosition = z.infer<typeof previewPosition>;

export type PolicyPreviewInput = Omit<z.infer<typeof policyPreviewSchema>, 'cursor'> & {
  after: PreviewPosition | null;
};

export interface PolicyPreviewDeps {
  pool: Pool;
  /** Read only: the preview peeks at the crowd, never records into it. */
  crowd: ReadableCrowdIndex;
  /** The worker's check list, built on first use. */
  checks: () => NamedCheck[];
}

/**
 * Back-testing a draft policy: re-scores a site's stored comments of the last N days with the same
 * checks and the same check-context builder as the worker, without recording anything (the crowd
 * index is only peeked at, as of each comment's time), and reports per page how many verdicts would
 * change, with examples, and how the current and the draft verdicts agree with what moderators
 * decided. Pages go oldest first; a client sums the pages it reads.
 */
export function createPolicyPreview(deps: PolicyPreviewDeps) {
  const classifierCounts = createBatcher(
    async (requests: Array<{ siteId: string; tokens: readonly string[] }>) =>
      fulfilled(await loadClassifierStatsMany(deps.pool, requests)),
    { maxBatch: 64, maxInFlight: 2 },
  );
  const sources: ContextSources = {
    authorStanding: (siteId, authorKey) => findAuthorStanding(deps.pool, siteId, authorKey),
    authorAccount: (siteId, authorKey) => findAuthorAccount(deps.pool, siteId, authorKey),
    classifierCounts: (siteId, tokens) => classifierCounts({ siteId, tokens }),
    crowd: { observe: (observation) => deps.crowd.peek(observation) },
  };

  return {
    async preview(siteId: string, input: PolicyPreviewInput, now = new Date()) {
      const site = await requireSite(deps.pool, siteId);
      // Merged as PATCH /v1/sites/:id would merge it, so the preview shows what saving would do.
      const draft = mergePolicy(site.policy, input.policy);
      const position = input.after;
      const to = position?.to ?? now.toISOString();
      const from = new Date(Date.parse(to) - input.days * 86_400_000).toISOString();
      const rows = await listForReplay(deps.pool, siteId, {
        from,
        to,
        afterSeq: position?.seq ?? null,
        limit: input.limit,
      });
      const loaded = await findCommentsForModeration(
        deps.pool,
        rows.map((row) => row.id),
      );
      const checks = deps.checks();
      const rescored: Rescored[] = [];
      // A comment deleted between the two reads is skipped.
      const present = rows.filter((row) => loaded.has(row.id));
      for (let start = 0; start < present.length; start += CHUNK) {
        const chunk = present.slice(start, start + CHUNK);
        rescored.push(
          ...(await Promise.all(
            chunk.map(async (row) => {
              const { comment, author, account } = loaded.get(row.id)!;
              const context = await loadCheckContext(sources, comment, { policy: draft, author, account });
              const verdict = moderate(checks, comment, context);
              return {
                id: comment.id,
                externalId: comment.externalId,
                receivedAt: comment.receivedAt,
                content: comment.content,
                current: { action: comment.verdict!.action, score: comment.verdict!.score },
                draft: {
                  action: verdict.action,
                  score: verdict.score,
                  reason: verdictOutcome(verdict, draft).reason,
                },
                decided: row.label,
              };
            }),
          )),
        );
        await new Promise((resolve) => setImmediate(resolve));
      }
      const last = rows.at(-1);
      return {
        policy: draft,
        range: { from, to },
        ...summarise(rescored, EXAMPLES_PER_PAGE),
        /** Where the next page starts; null after the last one. */
        next: rows.length === input.limit && last ? { to, seq: last.seq } : null,
      };
    },
  };
}

export type PolicyPreview = ReturnType<typeof createPolicyPreview>;
