/**
 * Group commit: concurrent calls are gathered into one run of `run`, so N requests that arrive
 * together cost one database round trip instead of N. Nothing waits on a timer: whatever arrived
 * during the current turn of the event loop goes out at once, and what arrives while runs are in
 * flight goes out in the next one, so a lone call pays no extra latency and a crowd is batched.
 */
export function createBatcher<In, Out>(
  run: (items: In[]) => Promise<Array<PromiseSettledResult<Out>>>,
  options: { maxBatch: number; maxInFlight: number },
): (item: In) => Promise<Out> {
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

/** Every value as a fulfilled result, for runs that succeed or fail as a whole. */
export const fulfilled = <T>(values: T[]): Array<PromiseSettledResult<T>> =>
  values.map((value) => ({ status: 'fulfilled', value }));
