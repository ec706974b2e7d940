import { createBatcher, fulfilled } from '../../src/batcher';

describe('createBatcher', () => {
  it('when calls arrive together, runs them as one batch and gives each its own result', async () => {
    const runs: number[][] = [];
    const double = createBatcher(
      async (items: number[]) => {
        runs.push(items);
        return fulfilled(items.map((n) => n * 2));
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('splits a crowd into batches of at most maxBatch, and batches what arrives during a run', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const echo = createBatcher(
      async (items: number[]) => {
        runs.push(items);
        await gate;
        return fulfilled(items);
      },
      { maxBatch: 2, maxInFlight: 1 },
    );
    const first = [1, 2, 3].map(echo);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [4, 5].map(echo);
    release();
    expect(await Promise.all([...first, ...later])).toEqual([1, 2, 3, 4, 5]);
    expect(runs).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects only the items whose result failed, and every item when the run throws', async () => {
    const check = createBatcher(
      async (items: number[]) =>
        items.map((n): PromiseSettledResult<number> =>
          n < 0 ? { status: 'rejected', reason: new Error(`bad ${n}`) } : { status: 'fulfilled', value: n },
        ),
      { maxBatch: 10, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([1, -1, 2].map(check));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);

    const broken = createBatcher<number, number>(
      async () => {
        throw new Error('down');
      },
      { maxBatch: 10, maxInFlight: 1 },
    );
    await expect(Promise.all([broken(1), broken(2)])).rejects.toThrow('down');
  });

  it('when a run of several items throws an error retryAlone accepts, each item runs alone and only the bad one fails', async () => {
    const runs: number[][] = [];
    const store = createBatcher(
      async (items: number[]) => {
        runs.push(items);
        if (items.includes(13)) throw new Error('poison 13');
        return fulfilled(items);
      },
      { maxBatch: 10, maxInFlight: 1, retryAlone: (error) => !String(error).includes('down') },
    );
    const results = await Promise.allSettled([12, 13, 14].map(store));
    expect(results).toEqual([
      { status: 'fulfilled', value: 12 },
      { status: 'rejected', reason: new Error('poison 13') },
      { status: 'fulfilled', value: 14 },
    ]);
    expect(runs).toEqual([[12, 13, 14], [12], [13], [14]]);
  });

  it('when retryAlone refuses the error, the whole run fails at once without retries', async () => {
    let runs = 0;
    const store = createBatcher<number, number>(
      async () => {
        runs++;
        throw new Error('database down');
      },
      { maxBatch: 10, maxInFlight: 1, retryAlone: (error) => !String(error).includes('down') },
    );
    const results = await Promise.allSettled([1, 2, 3].map(store));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(runs).toBe(1);
  });
});
