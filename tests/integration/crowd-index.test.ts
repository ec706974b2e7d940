import { Redis } from 'ioredis';
import {
  DUPLICATE_WINDOW_MS,
  EVICT_BATCH,
  MAX_BAND_ENTRIES,
  MAX_PACE_ENTRIES,
  VELOCITY_WINDOW_MS,
  type CrowdLimits,
} from '../../src/crowd/crowd-index';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { createRedisCrowdIndex } from '../../src/crowd/redis-crowd-index';
import { redisKeyspace } from '../../src/redis-keys';
import type { CrowdObservation, CrowdSignals, ReadableCrowdIndex } from '../../src/moderation/check-context';
import { fingerprint } from '../../src/moderation/fingerprint';
import { deleteKeys, REDIS_URL, uniqueName } from '../helpers/test-env';

/**
 * The crowd rule is written twice: in TypeScript (countNearDuplicates, the in-memory index the
 * evaluation command uses) and in Lua (observe-crowd.lua, the service's Redis index). One table of
 * cases, recording and peeking, runs on both, so they cannot drift apart unnoticed.
 */
const text = 'Make five hundred dollars a day from home, message me on the app to learn how it works';
const nearCopy = text.replace('five hundred', 'six hundred');
const other = 'The referee missed three clear fouls in the second half and nobody talks about it';
const START = Date.UTC(2026, 0, 1);

/** `peek`: ask without recording (the policy preview), as of the step's time. */
type Step = Partial<CrowdObservation> & { text?: string | null; peek?: boolean };
/** A sequence of comments observed in order, what the last one's signals must include, and the index's cap. */
type Case = [name: string, steps: Step[], expected: Partial<CrowdSignals>, limits?: CrowdLimits];

const copies = (count: number, step: (i: number) => Step): Step[] =>
  Array.from({ length: count }, (_, i) => step(i));
/** Texts unrelated to `text` (all alike: fingerprints fold digits), to fill the index. */
const fillers = (count: number): Step[] =>
  copies(count, (i) => ({ text: `filler ${i} alpha${i} beta${i} gamma${i} delta${i} epsilon${i} zeta${i}` }));
/** With this cap, the index evicts once it holds cap + EVICT_BATCH comments. */
const smallCap: CrowdLimits = { maxComments: 10 };

const cases: Case[] = [
  [
    'a first comment has no crowd',
    [{}],
    { duplicateAuthors: 0, duplicateSites: 0, authorRecent: 1, ipRecent: 0 },
  ],
  [
    'another author on the same site sent the same text',
    [{}, {}],
    { duplicateAuthors: 1, duplicateSites: 0 },
  ],
  [
    'authors on two other sites sent it',
    [{ siteId: 'site-b' }, { siteId: 'site-c' }, {}],
    { duplicateAuthors: 2, duplicateSites: 2 },
  ],
  ['a near copy (one word changed) counts as a copy', [{}, { text: nearCopy }], { duplicateAuthors: 1 }],
  ['a different text does not count', [{}, { text: other }], { duplicateAuthors: 0, duplicateSites: 0 }],
  [
    'the same author repeating a text is not a campaign',
    [{ authorKey: 'same' }, { authorKey: 'same' }],
    { duplicateAuthors: 0, authorRecent: 2 },
  ],
  [
    'the same author id on another site is another author',
    [{ authorKey: 'same', siteId: 'site-b' }, { authorKey: 'same' }],
    { duplicateAuthors: 1, duplicateSites: 1 },
  ],
  [
    'anonymous comments count as distinct authors each',
    [{ authorKey: null }, { authorKey: null }, { authorKey: null }],
    { duplicateAuthors: 2, authorRecent: 0 },
  ],
  [
    'a comment observed again (a retried job) is not its own copy, nor counted twice',
    [
      { commentId: 'retried', authorKey: 'a1' },
      { commentId: 'retried', authorKey: 'a1' },
    ],
    { duplicateAuthors: 0, authorRecent: 1 },
  ],
  [
    'a copy older than the duplicate window is forgotten',
    [{ at: START }, { at: START + DUPLICATE_WINDOW_MS + 1 }],
    { duplicateAuthors: 0 },
  ],
  [
    'a copy just inside the duplicate window counts',
    [{ at: START }, { at: START + DUPLICATE_WINDOW_MS - 1 }],
    { duplicateAuthors: 1 },
  ],
  [
    "an author's and an IP's comments within the velocity window are counted, this one included",
    copies(4, () => ({ authorKey: 'fast', ipKey: 'ip-1', text: null })),
    { authorRecent: 4, ipRecent: 4, duplicateAuthors: 0 },
  ],
  [
    'the pace forgets comments older than the velocity window',
    [
      ...copies(3, () => ({ authorKey: 'fast', ipKey: 'ip-1', text: null })),
      // The window ends at the newest of the three (START + 2).
      { authorKey: 'fast', ipKey: 'ip-1', text: null, at: START + 2 + VELOCITY_WINDOW_MS },
    ],
    { authorRecent: 1, ipRecent: 1 },
  ],
  [
    'pace is per site',
    [
      { authorKey: 'fast', ipKey: 'ip-1', siteId: 'site-b' },
      { authorKey: 'fast', ipKey: 'ip-1' },
    ],
    { authorRecent: 1, ipRecent: 1 },
  ],
  [
    `a band shared by more than ${MAX_BAND_ENTRIES} recent texts compares only the most recent ${MAX_BAND_ENTRIES}`,
    copies(MAX_BAND_ENTRIES + 20, (i) => ({ at: START + i })),
    { duplicateAuthors: MAX_BAND_ENTRIES - 1 },
  ],
  [
    `an author's pace key keeps only the newest ${MAX_PACE_ENTRIES} comments`,
    copies(MAX_PACE_ENTRIES + 5, () => ({ authorKey: 'bot', text: null })),
    { authorRecent: MAX_PACE_ENTRIES },
  ],
  [
    'a copy is still found while the index holds fewer comments than its cap plus one eviction batch',
    [{}, ...fillers(smallCap.maxComments + EVICT_BATCH - 2), {}],
    { duplicateAuthors: 1 },
    smallCap,
  ],
  [
    'past the cap on comments the oldest are forgotten, a batch at a time',
    [{}, ...fillers(smallCap.maxComments + EVICT_BATCH - 1), {}],
    { duplicateAuthors: 0 },
    smallCap,
  ],
  ['a peek counts copies recorded before its time', [{}, { peek: true }], { duplicateAuthors: 1 }],
  [
    'a peek records nothing: a later comment does not count the peeked ones',
    [{}, { peek: true }, { peek: true }, {}],
    { duplicateAuthors: 1 },
  ],
  [
    'a peek does not count copies recorded after its time',
    [{ at: START + 10 }, { peek: true, at: START + 5 }],
    { duplicateAuthors: 0 },
  ],
  [
    'a peek at a recorded comment is not its own copy, and counts it once in the pace',
    [
      { commentId: 'x', authorKey: 'a', ipKey: 'ip-1' },
      { commentId: 'x', authorKey: 'a', ipKey: 'ip-1', peek: true },
    ],
    { duplicateAuthors: 0, authorRecent: 1, ipRecent: 1 },
  ],
  [
    'a peek counts the pace up to its time, itself included',
    [
      ...copies(3, () => ({ authorKey: 'fast', ipKey: 'ip-1', text: null })),
      { authorKey: 'fast', ipKey: 'ip-1', text: null, peek: true, at: START + 1 },
    ],
    { authorRecent: 3, ipRecent: 3 },
  ],
];

const indexes: Array<
  [string, (limits?: CrowdLimits) => { index: ReadableCrowdIndex; close: () => Promise<void> }]
> = [
  ['in memory', (limits) => ({ index: createMemoryCrowdIndex(limits), close: async () => undefined })],
  [
    'in Redis (observe-crowd.lua)',
    (limits) => {
      const redis = new Redis(REDIS_URL);
      const prefix = uniqueName('crowd');
      return {
        index: createRedisCrowdIndex(redis, redisKeyspace(prefix).crowd, limits),
        close: async () => {
          redis.disconnect();
          await deleteKeys(REDIS_URL, `${prefix}:*`);
        },
      };
    },
  ],
];

describe.each(indexes)('the crowd index %s', (_name, open) => {
  // A rest parameter: jest takes a test function with more parameters than its row has columns as
  // one that calls `done`, and `limits` is a column only some rows have.
  it.each(cases)('%s', async (...[, steps, expected, limits]: Case) => {
    const { index, close } = open(limits);
    try {
      let last: CrowdSignals | undefined;
      for (const [i, { text: written = text, peek, ...step }] of steps.entries()) {
        last = await index[peek ? 'peek' : 'observe']({
          commentId: `c${i}`,
          siteId: 'site-a',
          authorKey: `author-${i}`,
          ipKey: null,
          fingerprint: written === null ? null : fingerprint(written),
          at: START + i,
          ...step,
        });
      }
      expect(last).toMatchObject({ ...expected, windowSeconds: VELOCITY_WINDOW_MS / 1000 });
    } finally {
      await close();
    }
  });
});
