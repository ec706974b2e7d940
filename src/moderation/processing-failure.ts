import type { Verdict } from './types';

/**
 * The verdict of a comment the worker could not moderate: held for a person, like a failed check,
 * with one `processing_failed` signal that names the error's code. A comment that cannot be
 * moderated must neither pass unseen nor be retried for ever.
 */
export function processingFailedVerdict(errorCode: string, attempts: number): Verdict {
  return {
    action: 'review',
    score: 0,
    signals: [
      {
        check: 'processing',
        code: 'processing_failed',
        score: 0,
        force: 'review',
        message: `Moderation failed ${attempts === 1 ? 'once' : `${attempts} times`} (${errorCode}); a person should look.`,
      },
    ],
  };
}
