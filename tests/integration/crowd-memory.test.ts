import { Redis } from 'ioredis';
import {
  EVICT_BATCH,
  MAX_BAND_ENTRIES,
  MAX_PACE_ENTRIES,
  type CrowdLimits,
} from '../../src/crowd/crowd-index';
import { crowdKeys, createRedisCrowdIndex } from '../../src/crowd/redis-crowd-index';
import { redisKeyspace } from '../../src/redis-keys';
import { bands, fingerprint } from '../../src/moderation/fingerprint';
import type { CrowdObservation } from '../../src/moderation/check-context';
import { deleteKeys, REDIS_URL, uniqueName } from '../helpers/test-env';

/**
 * Issue 9's soak, at the level of the crowd index: 20,000 comments (campaigns copied by many
 * authors, one flooding author and IP, and unique texts) through the real observe-crowd.lua. Its
 * Redis keys must stop growing once the cap on comments is reached: the log, every band key and
 * every pace key within their bounds, and the memory they take the same at 10,000 comments as at 20,000.
 */
const COMMENTS = 20_000;
const limits: CrowdLimits = { maxComments: 2_000 };
const START = Date.UTC(2026, 0, 1);
const BANDS = bands(fingerprint('one two three four five six seven')!).length;

const campaigns = Array.from(
  { length: 2 },
  (_, c) => `Campaign ${c}: earn money fast from home, message me on the app number ${c} to learn how`,
);
/** A word for a number, in letters: fingerprints fold digits, so `word1` and `word2` are one word. */
const word = (n: number) =>
  [...n.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');

/**
 * The i-th comment of the soak: one in 50 copies a campaign (whose band keys fill up, and each copy
 * compares 100 entries per band), one in five comes from the flooder, the rest are unique texts by
 * 1,000 regular authors from 500 addresses. (Each distinct author's or address's pace key lives
 * the 10-minute velocity window, in real time: bounded by its TTL, not by the cap tested here.)
 */
function comment(i: number): CrowdObservation {
  const flooder = i % 5 === 0;
  const text =
    i % 50 === 1
      ? campaigns[i % campaigns.length]!
      : `Remark ${word(i)} on ${word(i * 7 + 1)} and ${word(i * 13 + 2)} with ${word(i * 31 + 3)} today ${word(i * 57 + 4)}`;
  return {
    commentId: `c${i}`,
    siteId: flooder ? 'site-0' : `site-${i % 3}`,
    authorKey: flooder ? 'flooder' : `author-${i % 1_000}`,
    ipKey: flooder ? 'flood-ip' : `ip-${i % 500}`,
    fingerprint: fingerprint(text),
    // 1,000 comments a minute: the soak spans 20 minutes, past the velocity window, inside the duplicate one.
    at: START + i * 60,
  };
}

describe('the crowd index in Redis over a soak of 20,000 comments', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniqueName('crowd_soak');
  const namespace = redisKeyspace(prefix).crowd;
  const keys = crowdKeys(namespace);
  const index = createRedisCrowdIndex(redis, namespace, limits);

  afterAll(async () => {
    redis.disconnect();
    await deleteKeys(REDIS_URL, `${prefix}:*`);
  });

  /** Every key of the index with its size and the bytes Redis says it takes. */
  async function census() {
    const found: Array<{ key: string; size: number; bytes: number }> = [];
    for await (const batch of redis.scanStream({ match: `${namespace}:*`, count: 1_000 })) {
      const names = batch as string[];
      if (names.length === 0) continue;
      const pipeline = redis.pipeline();
      for (const key of names) pipeline.zcard(key).memory('USAGE', key);
      const replies = (await pipeline.exec()) ?? [];
      names.forEach((key, k) =>
        found.push({ key, size: Number(replies[2 * k]![1]), bytes: Number(replies[2 * k + 1]![1]) }),
      );
    }
    const of = (part: string) => found.filter(({ key }) => key.startsWith(`${namespace}:${part}`));
    return {
      keys: found.length,
      bytes: found.reduce((sum, { bytes }) => sum + bytes, 0),
      log: (await redis.zcard(keys.log)) as number,
      bandEntries: of('fp:').reduce((sum, { size }) => sum + size, 0),
      largestBand: Math.max(0, ...of('fp:').map(({ size }) => size)),
      largestPace: Math.max(0, ...[...of('author:'), ...of('ip:')].map(({ size }) => size)),
    };
  }

  async function observe(from: number, to: number) {
    // 50 in flight at once, as a worker's concurrency would send them.
    for (let i = from; i < to; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, to - i) }, (_, k) => index.observe(comment(i + k))),
      );
    }
  }

  // Patient: 20,000 script calls on a busy machine; no assertion is about time.
  jest.setTimeout(300_000);

  it('keeps every key within its bound, and its memory flat once the cap is reached', async () => {
    await observe(0, COMMENTS / 2);
    const half = await census();
    await observe(COMMENTS / 2, COMMENTS);
    const full = await census();

    const most = limits.maxComments + EVICT_BATCH - 1;
    for (const state of [half, full]) {
      expect(state.log).toBeLessThanOrEqual(most);
      expect(state.log).toBeGreaterThanOrEqual(limits.maxComments);
      expect(state.largestBand).toBeLessThanOrEqual(MAX_BAND_ENTRIES);
      expect(state.bandEntries).toBeLessThanOrEqual(most * BANDS);
      expect(state.largestPace).toBeLessThanOrEqual(MAX_PACE_ENTRIES);
    }
    // The flooder sends 2,000 comments per velocity window: its key stops at the cap.
    expect(full.largestPace).toBe(MAX_PACE_ENTRIES);
    // Flat: twice the comments, no more keys and no more memory (within what one batch moves).
    expect(full.keys).toBeLessThanOrEqual(half.keys * 1.1);
    expect(full.bytes).toBeLessThanOrEqual(half.bytes * 1.1);
  });

  it('still finds a campaign among the comments it holds', async () => {
    const signals = await index.observe({
      ...comment(COMMENTS + 1),
      fingerprint: fingerprint(campaigns[1]!),
    });
    expect(signals.duplicateAuthors).toBeGreaterThan(0);
    expect(signals.duplicateSites).toBeGreaterThan(0);
  });
});
