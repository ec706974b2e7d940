import request from 'supertest';
import type { Express } from 'express';
import type { Job } from 'bullmq';
import { createChecks, type NamedCheck } from '../../src/moderation/checks';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import type { ModerationJob } from '../../src/queues';
import { createModerationProcessor, type ModerationResult } from '../../workers/moderation.processor';
import { silentLogger, type TestEnv } from './test-env';
import { loadTextModels } from '../../src/model-files';

/** A Job-like object, as BullMQ hands it to a processor. */
export function fakeJob<Data>(data: Data, extra: Record<string, unknown> = {}): Job<Data> {
  return { id: 'job-1', name: 'moderate', data, attemptsMade: 0, ...extra } as unknown as Job<Data>;
}

const MARKER = /\[score=(\d+(?:\.\d+)?)\]/g;

/**
 * A check list for tests that need scores they can predict: one check that scores a comment by the
 * `[score=N]` markers in its text (see `scored`), with the markers as spans. The real checks change
 * as they learn new tricks; queue order and thresholds must not change with them.
 */
export const scoredByMarker: NamedCheck[] = [
  {
    name: 'spam_rules',
    run: (comment) =>
      [...comment.content.matchAll(MARKER)].map((match) => ({
        check: 'test_marker',
        code: 'marked_score',
        score: Number(match[1]),
        message: `marked ${match[1]}`,
        spans: [{ start: match.index, end: match.index + match[0].length }],
      })),
  },
];

/** Content that `scoredByMarker` scores at `score` (0: no marker); default policy: 3 holds, 9 rejects. */
export function scored(score: number, text = 'A comment'): string {
  return score > 0 ? `${text} [score=${score}]` : text;
}

/** The real moderation processor on the env's real pool, called directly (all real checks by default). */
export function createTestModerator(
  env: TestEnv,
  checks: NamedCheck[] = createChecks({ models: loadTextModels() }),
): (commentId: string) => Promise<ModerationResult> {
  const processor = createModerationProcessor({
    pool: env.pool,
    checks,
    crowd: createMemoryCrowdIndex(),
    logger: silentLogger,
  });
  return (commentId) => processor(fakeJob<ModerationJob>({ commentId }, { id: commentId }));
}

/** Posts a comment as a site, runs the processor on it, and returns our comment id. */
export async function submitAndModerate(
  app: Express,
  moderate: (commentId: string) => Promise<ModerationResult>,
  apiKey: string,
  body: Record<string, unknown>,
): Promise<string> {
  const res = await request(app).post('/v1/comments').set('authorization', `Bearer ${apiKey}`).send(body);
  if (res.status !== 202) throw new Error(`intake failed: ${res.status} ${JSON.stringify(res.body)}`);
  await moderate(res.body.id);
  return res.body.id as string;
}
