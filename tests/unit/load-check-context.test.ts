import { createHash } from 'node:crypto';
import { createMemoryCrowdIndex } from '../../src/crowd/memory-crowd-index';
import { createMemoryLearning } from '../../src/learning/memory-learning';
import type { AuthorStanding, ContextSources, CrowdObservation } from '../../src/moderation/check-context';
import { tokenize } from '../../src/moderation/classifier';
import { fingerprint } from '../../src/moderation/fingerprint';
import { loadCheckContext, type ContextSubject } from '../../src/moderation/load-check-context';
import { defaultPolicy } from '../../src/moderation/policy';

const standing: AuthorStanding = { approved: 4, rejected: 1, recentRejected: 0 };
const content = 'Thanks for the report on the harbour works and the new ferry timetable';
const subject: ContextSubject = {
  id: 'c-1',
  siteId: 'site-1',
  authorKey: 'id:reader',
  author: { ip: '203.0.113.9' },
  content,
  receivedAt: '2026-05-01T12:00:00.000Z',
};

/** Sources that record what they were asked. */
function recordingSources() {
  const asked = { standings: [] as string[], counts: [] as string[][], observed: [] as CrowdObservation[] };
  const crowd = createMemoryCrowdIndex();
  const learning = createMemoryLearning();
  const sources: ContextSources = {
    authorStanding: async (_siteId, authorKey) => {
      asked.standings.push(authorKey);
      return standing;
    },
    classifierCounts: (siteId, tokens) => {
      asked.counts.push([...tokens]);
      return learning.stats(siteId, tokens);
    },
    crowd: {
      observe: (observation) => {
        asked.observed.push(observation);
        return crowd.observe(observation);
      },
    },
  };
  return { asked, sources };
}

describe('loadCheckContext', () => {
  it("reads the author's standing, the crowd and the classifier counts of the comment's tokens", async () => {
    const { asked, sources } = recordingSources();
    const context = await loadCheckContext(sources, subject, { policy: defaultPolicy });
    expect(context).toMatchObject({ policy: defaultPolicy, author: standing, crowd: { authorRecent: 1 } });
    expect(context.classifier?.tokens).toEqual(tokenize(content));
    expect(asked.standings).toEqual(['id:reader']);
    expect(asked.counts).toEqual([tokenize(content)]);
  });

  it('records the comment in the crowd by a hash of its IP, never the IP, and by its text fingerprint', async () => {
    const { asked, sources } = recordingSources();
    await loadCheckContext(sources, subject, { policy: defaultPolicy });
    const ipKey = createHash('sha256').update('203.0.113.9').digest('hex').slice(0, 24);
    expect(asked.observed).toEqual([
      {
        commentId: 'c-1',
        siteId: 'site-1',
        authorKey: 'id:reader',
        ipKey,
        fingerprint: fingerprint(content),
        at: Date.parse(subject.receivedAt),
      },
    ]);
    expect(JSON.stringify(asked.observed)).not.toContain('203.0.113.9');
  });

  it("uses the standing the caller read already, and asks for none of an anonymous comment's", async () => {
    const { asked, sources } = recordingSources();
    const known = { approved: 0, rejected: 7, recentRejected: 7 };
    expect((await loadCheckContext(sources, subject, { policy: defaultPolicy, author: known })).author).toBe(
      known,
    );
    const anonymous = { ...subject, authorKey: null, author: {} };
    expect((await loadCheckContext(sources, anonymous, { policy: defaultPolicy })).author).toBeNull();
    expect(asked.standings).toEqual([]);
    expect(asked.observed.at(-1)).toMatchObject({ authorKey: null, ipKey: null });
  });

  it('rejects when a source fails, rather than give checks a context with a part missing', async () => {
    const { sources } = recordingSources();
    const failing = { ...sources, classifierCounts: () => Promise.reject(new Error('PostgreSQL is down')) };
    await expect(loadCheckContext(failing, subject, { policy: defaultPolicy })).rejects.toThrow(/down/);
  });
});
