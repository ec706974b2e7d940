import { ConfigError, loadConfig, type Role } from '../../src/config';
import { DEFAULT_SCHEDULE_MS } from '../../src/delivery/retry-schedule';

const ADMIN_TOKEN = 'an-admin-token-of-some-length';

/** The message of the ConfigError that loading throws. */
function problems(role: Role, env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(role, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`the ${role} configuration loaded`);
}

describe('loadConfig per role', () => {
  it.each(['api', 'all-in-one'] as const)('the %s requires ADMIN_TOKEN', (role) => {
    expect(problems(role, {})).toMatch(/^invalid configuration: ADMIN_TOKEN: /);
    expect(loadConfig(role, { ADMIN_TOKEN }).ADMIN_TOKEN).toBe(ADMIN_TOKEN);
  });

  it.each<Role>(['worker', 'admin', 'train'])(
    'the %s starts without an ADMIN_TOKEN and reads none',
    (role) => {
      expect(loadConfig(role, {})).not.toHaveProperty('ADMIN_TOKEN');
      expect(loadConfig(role, { ADMIN_TOKEN: 'short' })).not.toHaveProperty('ADMIN_TOKEN');
    },
  );

  it('each role reads only its own settings: a bad api setting does not stop a worker, nor a bad worker setting the api', () => {
    expect(loadConfig('worker', { PORT: 'x', MAX_BATCH: '-1' })).not.toHaveProperty('PORT');
    expect(loadConfig('api', { ADMIN_TOKEN, WORKER_CONCURRENCY: 'many' })).not.toHaveProperty(
      'WORKER_CONCURRENCY',
    );
    expect(problems('all-in-one', { ADMIN_TOKEN, WORKER_CONCURRENCY: 'many' })).toMatch(/WORKER_CONCURRENCY/);
  });

  it('the CLIs read what their commands use, the database first', () => {
    const admin = loadConfig('admin', { DATABASE_URL: 'postgres://db/x', CALLBACK_ALLOW_HOSTS: 'localhost' });
    expect(admin).toEqual({
      DATABASE_URL: 'postgres://db/x',
      DATABASE_CONNECT_TIMEOUT_MS: 3_000,
      CALLBACK_ALLOW_HOSTS: ['localhost'],
      KEY_GRACE_SECONDS: 86_400,
    });
    expect(loadConfig('train', { DATABASE_URL: 'postgres://db/x', REDIS_URL: 'x' })).toEqual({
      DATABASE_URL: 'postgres://db/x',
      DATABASE_CONNECT_TIMEOUT_MS: 3_000,
    });
    expect(problems('train', { DATABASE_URL: 'mysql://db/x' })).toMatch(
      /^invalid configuration: DATABASE_URL: /,
    );
  });

  it('one message names every bad key at once', () => {
    const message = problems('all-in-one', {
      ADMIN_TOKEN: 'short',
      PORT: '70000',
      REDIS_URL: 'http://redis',
      DELIVERY_SCHEDULE_MS: '200,soon',
      METRICS_TOKEN: 'short',
    });
    for (const key of ['ADMIN_TOKEN', 'PORT', 'REDIS_URL', 'DELIVERY_SCHEDULE_MS', 'METRICS_TOKEN']) {
      expect(message).toContain(`${key}: `);
    }
  });
});

describe('settings', () => {
  it('DELIVERY_SCHEDULE_MS is a list of waits, the default schedule when unset, named when bad', () => {
    expect(loadConfig('worker', {}).DELIVERY_SCHEDULE_MS).toEqual(DEFAULT_SCHEDULE_MS);
    expect(loadConfig('worker', { DELIVERY_SCHEDULE_MS: '200,400' }).DELIVERY_SCHEDULE_MS).toEqual([
      200, 400,
    ]);
    expect(problems('worker', { DELIVERY_SCHEDULE_MS: '200,soon' })).toMatch(
      /DELIVERY_SCHEDULE_MS: "soon" is not a positive whole number/,
    );
  });

  it('CALLBACK_ALLOW_HOSTS is a list, empty by default', () => {
    expect(loadConfig('worker', {}).CALLBACK_ALLOW_HOSTS).toEqual([]);
    expect(
      loadConfig('worker', { CALLBACK_ALLOW_HOSTS: '127.0.0.1, localhost,' }).CALLBACK_ALLOW_HOSTS,
    ).toEqual(['127.0.0.1', 'localhost']);
  });

  it.each(['api', 'worker', 'all-in-one'] as const)(
    'the %s keeps its own Redis keys under QUEUE_PREFIX unless REDIS_KEY_PREFIX names another place',
    (role) => {
      expect(loadConfig(role, { ADMIN_TOKEN }).REDIS_KEY_PREFIX).toBe('moderation');
      expect(loadConfig(role, { ADMIN_TOKEN, QUEUE_PREFIX: '{jobs}' }).REDIS_KEY_PREFIX).toBe('{jobs}');
      const both = loadConfig(role, { ADMIN_TOKEN, QUEUE_PREFIX: '{jobs}', REDIS_KEY_PREFIX: 'mod' });
      expect([both.QUEUE_PREFIX, both.REDIS_KEY_PREFIX]).toEqual(['{jobs}', 'mod']);
      expect(problems(role, { ADMIN_TOKEN, REDIS_KEY_PREFIX: 'a b' })).toMatch(/REDIS_KEY_PREFIX: /);
    },
  );
});
