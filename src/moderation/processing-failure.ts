import type { Verdict } from './types';

/**
 * The error code of runs that ended without a result: the worker was killed or crashed mid-job, or
 * lost the job's lock (BullMQ calls the job stalled). Each counts as a failed attempt.
 */
export const JOB_STALLED = 'job_stalled';

/**
 * The verdict of a comment the worker could not moderate: held for a person, like a failed check,
 * with one `processing_failed` signal that names the error's code. A comment that cannot be
 * moderated must neither pass unseen nor be retried for ever.
 */
export function processingFailedVerdict(errorCode: string, attempts: number): Verdict {
  const times = attempts === 1 ? 'once' : `${attempts} times`;
  const why =
    errorCode === JOB_STALLED ? `${errorCode}: its worker stopped mid-job or lost the job` : errorCode;
  return {
    action: 'review',
    score: 0,
    signals: [
      {
        check: 'processing',
        code: 'processing_failed',
        score: 0,
        force: 'review',
        message: `Moderation failed ${times} (${why}); a person should look.`,
      },
    ],
  };
}
