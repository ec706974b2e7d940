export interface BatcherOptions {
  maxBatch: number;
  maxInFlight: number;
  /**
   * When a run of several items throws an error this accepts, each item is run again alone, so one
   * bad item fails only its own call and never delays its neighbours. Errors that would fail every
   * item alike (the database is unreachable) should be refused: retrying them one by one only adds load.
   */
  retryAlone?: (error: unknown) => boolean;
}

/**
 * Group commit: concurrent calls are gathered into one run of `run`, so N requests that arrive
 * together cost one database round trip instead of N. Nothing waits on a timer: whatever arrived
 * during the current turn of the event loop goes out at once, and what arrives while runs are in
 * flight goes out in the next one, so a lone call pays no extra latency and a crowd is batched.
 */
export function createBatcher<In, Out>(
  runBatch: (items: In[]) => Promise<Array<PromiseSettledResult<Out>>>,
  options: BatcherOptions,
): (item: In) => Promise<Out> {
  const run = options.retryAlone ? isolating(runBatch, options.retryAlone) : runBatch;
  const waiting: Array<{ item: In; resolve: (out: Out) => void; reject: (error: unknown) => void }> = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (waiting.length > 0 && inFlight < options.maxInFlight) {
      const batch = waiting.splice(0, options.maxBatch);
      inFlight++;
      run(batch.map((entry) => entry.item))
        .then(
          (results) =>
            batch.forEach((entry, i) => {
              const result = results[i];
              if (result?.status === 'fulfilled') entry.resolve(result.value);
              else entry.reject(result ? result.reason : new Error('batch returned too few results'));
            }),
          (error: unknown) => batch.forEach((entry) => entry.reject(error)),
        )
        .finally(() => {
          inFlight--;
          if (waiting.length > 0) schedule();
        });
    }
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  return (item) =>
    new Promise<Out>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      schedule();
    });
}

/** `run`, with a failed run of several items retried item by item when `retryAlone` accepts its error. */
function isolating<In, Out>(
  run: (items: In[]) => Promise<Array<PromiseSettledResult<Out>>>,
  retryAlone: (error: unknown) => boolean,
): (items: In[]) => Promise<Array<PromiseSettledResult<Out>>> {
  return async (items) => {
    try {
      return await run(items);
    } catch (error) {
      if (items.length === 1 || !retryAlone(error)) throw error;
      return Promise.all(
        items.map(async (item): Promise<PromiseSettledResult<Out>> => {
          try {
            const [result] = await run([item]);
            return result ?? { status: 'rejected', reason: new Error('batch returned too few results') };
          } catch (reason) {
            return { status: 'rejected', reason };
          }
        }),
      );
    }
  };
}

/** Every value as a fulfilled result, for runs that succeed or fail as a whole. */
export const fulfilled = <T>(values: T[]): Array<PromiseSettledResult<T>> =>
  values.map((value) => ({ status: 'fulfilled', value }));
