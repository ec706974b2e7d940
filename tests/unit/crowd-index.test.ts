import type { CrowdIndex, CrowdObservation } from '../../src/moderation/check-context';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { fingerprint } from '../../src/moderation/fingerprint';

const text = 'Make five hundred dollars a day from home, message me on the app to learn how it works';
let index: CrowdIndex;
let n = 0;
const observe = (overrides: Partial<CrowdObservation> = {}) =>
  index.observe({
    commentId: `c${++n}`,
    siteId: 'site-a',
    authorKey: `author-${n}`,
    ipKey: null,
    fingerprint: fingerprint(text),
    at: 1_000_000,
    ...overrides,
  });

beforeEach(() => {
  index = createMemoryCrowdIndex();
});

describe('the crowd index (in memory, as the evaluation command uses it)', () => {
  it('counts other authors and other sites who sent the same text', async () => {
    expect(await observe()).toMatchObject({ duplicateAuthors: 0, duplicateSites: 0 });
    expect(await observe()).toMatchObject({ duplicateAuthors: 1, duplicateSites: 0 });
    expect(await observe({ siteId: 'site-b' })).toMatchObject({ duplicateAuthors: 2, duplicateSites: 1 });
  });

  it('does not count the same author twice, nor the same comment observed again (a retried job)', async () => {
    await observe({ commentId: 'x', authorKey: 'same' });
    expect(await observe({ commentId: 'y', authorKey: 'same' })).toMatchObject({ duplicateAuthors: 0 });
    expect(await observe({ commentId: 'y', authorKey: 'same' })).toMatchObject({
      duplicateAuthors: 0,
      authorRecent: 2,
    });
  });

  it('forgets texts older than the window', async () => {
    await observe({ at: 0 });
    expect(await observe({ at: 7 * 60 * 60 * 1000 })).toMatchObject({ duplicateAuthors: 0 });
  });

  it('counts an author and an IP address within the velocity window', async () => {
    for (let i = 0; i < 3; i++) await observe({ authorKey: 'fast', ipKey: 'ip1', fingerprint: null });
    expect(await observe({ authorKey: 'fast', ipKey: 'ip1', fingerprint: null })).toMatchObject({
      authorRecent: 4,
      ipRecent: 4,
    });
    expect(
      await observe({ authorKey: 'fast', at: 1_000_000 + 11 * 60 * 1000, fingerprint: null }),
    ).toMatchObject({
      authorRecent: 1,
    });
  });
});
