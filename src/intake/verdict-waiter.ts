import type { QueueEvents } from 'bullmq';
import type { Pool } from 'pg';
import { findCommentById, type Comment } from '../db/comments-repository';

/** A registered wait for one job: resolves true when the job completed in time, false otherwise. */
export interface VerdictWatch {
  completed: Promise<boolean>;
  /** Stops waiting (resolves `completed` with false) and forgets the waiter. */
  cancel(): void;
}

/**
 * Wakes requests that asked to wait for a comment's verdict (`Prefer: wait`) when the moderation
 * job of that comment (job id = comment id) completes, as BullMQ's QueueEvents reports it.
 */
export interface VerdictWaiter {
  /** Whether completions can be heard now: the QueueEvents connection to Redis is up. */
  isListening(): boolean;
  watch(jobId: string, timeoutMs: number): VerdictWatch;
  /** Waits registered right now. */
  pending(): number;
  /** Ends every wait (they answer 202) and accepts no new ones: for shutdown. */
  close(): void;
}

/**
 * One listener on the process's QueueEvents fans completions out to a map of waiters keyed by job
 * id, each with its own timer, so a thousand waiting requests cost one Redis stream read, not a
 * thousand polls of PostgreSQL.
 */
export function createVerdictWaiter(queueEvents: QueueEvents | readonly QueueEvents[]): VerdictWaiter {
  // One QueueEvents per moderation queue (MODERATION_QUEUES): a comment's job runs on its site's.
  const all = Array.isArray(queueEvents) ? queueEvents : [queueEvents as QueueEvents];
  const waiters = new Map<string, Set<(completed: boolean) => void>>();
  const ready = new Set<QueueEvents>();
  let closed = false;
  const wakeAll = () => {
    for (const found of [...waiters.values()]) for (const wake of [...found]) wake(false);
  };
  const onCompleted = ({ jobId }: { jobId: string }) => {
    const found = waiters.get(jobId);
    if (!found) return;
    waiters.delete(jobId);
    for (const wake of found) wake(true);
  };
  for (const events of all) {
    const backend = events.getBackend();
    // 'ready' comes after every (re)connect and 'close' with every loss: during a Redis outage no
    // completion can be heard, so waits answer 202 at once instead of sitting out their timeout.
    backend.on('ready', () => ready.add(events));
    backend.on('close', () => {
      ready.delete(events);
      wakeAll();
    });
    events.waitUntilReady().then(
      () => ready.add(events),
      () => undefined,
    );
    events.on('completed', onCompleted);
  }
  const listening = () => !closed && ready.size === all.length;

  const forget = (jobId: string, wake: (completed: boolean) => void) => {
    const found = waiters.get(jobId);
    if (!found) return;
    found.delete(wake);
    if (found.size === 0) waiters.delete(jobId);
  };

  return {
    isListening: listening,
    close() {
      closed = true;
      wakeAll();
    },
    pending: () => [...waiters.values()].reduce((sum, set) => sum + set.size, 0),
    watch(jobId, timeoutMs) {
      let wake!: (completed: boolean) => void;
      const completed = new Promise<boolean>((resolve) => {
        let timer: NodeJS.Timeout | undefined = undefined;
        wake = (result) => {
          clearTimeout(timer);
          forget(jobId, wake);
          resolve(result);
        };
        timer = setTimeout(() => wake(false), timeoutMs);
        timer.unref();
      });
      const set = waiters.get(jobId) ?? new Set();
      set.add(wake);
      waiters.set(jobId, set);
      return { completed, cancel: () => wake(false) };
    },
  };
}

/**
 * The comment with its verdict if it has one within timeoutMs, else null (the caller answers 202).
 * The job may complete before the waiter is registered, so the row is read once more after
 * registering; after a completion it is read once, never polled.
 */
export async function waitForVerdict(
  deps: { pool: Pool; waiter: VerdictWaiter },
  commentId: string,
  timeoutMs: number,
  /** The moderation job to hear: the comment id, or an edit's (see remoderationJobId). */
  jobId = commentId,
): Promise<Comment | null> {
  if (!deps.waiter.isListening()) return null;
  const watch = deps.waiter.watch(jobId, timeoutMs);
  try {
    const now = await findCommentById(deps.pool, commentId, null);
    if (!now || now.status !== 'queued') return now;
    if (!(await watch.completed)) return null;
    const decided = await findCommentById(deps.pool, commentId, null);
    // A completed job has stored a verdict; a row still queued would have none to give.
    return decided && decided.status !== 'queued' ? decided : null;
  } finally {
    watch.cancel();
  }
}
