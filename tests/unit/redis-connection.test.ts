import { parseRedisUrl } from '../../src/redis-connection';
import { moderationQueueOf, moderationShards } from '../../src/queues';
import { loadConfig } from '../../src/config';

describe('REDIS_URL', () => {
  it('reads a single server as ioredis does', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/2')).toEqual({
      kind: 'single',
      url: 'redis://127.0.0.1:6379/2',
    });
  });

  it('reads the nodes and credentials of a cluster', () => {
    expect(parseRedisUrl('rediss+cluster://app:s%40cret@10.0.0.1:7000,10.0.0.2,[::1]:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 6379 },
        { host: '::1', port: 7002 },
      ],
      options: { username: 'app', password: 's@cret', tls: {} },
    });
  });

  it('reads the sentinels, master name and database of a sentinel URL', () => {
    expect(parseRedisUrl('redis+sentinel://:pw@s1:26379,s2/mymaster/3?sentinelPassword=sp')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      options: { password: 'pw', db: 3, sentinelPassword: 'sp' },
    });
  });

  it.each([
    ['http://127.0.0.1:6379', /must be/],
    ['redis+sentinel://s1:26379', /names its master/],
    ['redis+cluster://h1:7000/1', /no path/],
    ['redis+cluster://h1:99999', /bad port/],
  ])('refuses %s', (url, reason) => {
    expect(() => parseRedisUrl(url)).toThrow(reason);
  });

  it('refuses a cluster whose queue prefix has no hash tag, and accepts one that has', () => {
    const env = { ADMIN_TOKEN: 'x'.repeat(16), REDIS_URL: 'redis+cluster://127.0.0.1:7000' };
    expect(() => loadConfig('api', env)).toThrow(/QUEUE_PREFIX: must hold a \{hash tag\}/);
    expect(loadConfig('api', { ...env, QUEUE_PREFIX: '{moderation}' }).REDIS_URL).toBe(env.REDIS_URL);
    expect(() => loadConfig('worker', { REDIS_URL: 'redis+nothing://h' })).toThrow(/REDIS_URL: must be/);
  });
});

describe('moderation queues', () => {
  it('keeps the one queue its name and keys', () => {
    expect(moderationShards('{moderation}', 1)).toEqual([{ name: 'moderation', prefix: '{moderation}' }]);
  });

  it('gives each of several queues a hash tag of its own', () => {
    expect(moderationShards('{moderation}', 3)).toEqual([
      { name: 'moderation-0', prefix: '{moderation:0}' },
      { name: 'moderation-1', prefix: '{moderation:1}' },
      { name: 'moderation-2', prefix: '{moderation:2}' },
    ]);
  });

  it('always puts a site on the same queue, and spreads sites over all of them', () => {
    const queues = ['a', 'b', 'c', 'd'];
    const sites = Array.from({ length: 200 }, (_, i) => `site-${i}`);
    expect(sites.map((site) => moderationQueueOf(queues, site))).toEqual(
      sites.map((site) => moderationQueueOf(queues, site)),
    );
    expect(new Set(sites.map((site) => moderationQueueOf(queues, site)))).toEqual(new Set(queues));
  });
});
