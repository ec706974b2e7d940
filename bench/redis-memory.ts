import { Redis } from 'ioredis';
import { REDIS_URL } from './scratch';

/** Redis's `used_memory` (bytes): the whole server's, other users of it included. */
export async function usedMemory(): Promise<number> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info('memory');
    return Number(/^used_memory:(\d+)/m.exec(info)?.[1] ?? NaN);
  } finally {
    redis.disconnect();
  }
}

/** The keys matching `pattern` and the bytes they take (MEMORY USAGE, summed): one run's own share. */
export async function keysMemory(pattern: string): Promise<{ keys: number; bytes: number }> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  try {
    await redis.connect();
    let [keys, bytes] = [0, 0];
    for await (const batch of redis.scanStream({ match: pattern, count: 1_000 })) {
      const names = batch as string[];
      if (names.length === 0) continue;
      const pipeline = redis.pipeline();
      for (const key of names) pipeline.memory('USAGE', key);
      for (const [, size] of (await pipeline.exec()) ?? []) bytes += Number(size ?? 0);
      keys += names.length;
    }
    return { keys, bytes };
  } finally {
    redis.disconnect();
  }
}
