import { loadConfig } from '../../src/config';
import { poolSettingsFor } from '../../src/config/database-pools';

const ADMIN_TOKEN = 'an-admin-token-of-enough-length';

describe('database pools by process role', () => {
  it.each([
    ['api', { ADMIN_TOKEN }, { max: 20, statementTimeoutMs: 5_000 }],
    ['worker', {}, { max: 26, statementTimeoutMs: 60_000 }],
    [
      'worker',
      { WORKER_CONCURRENCY: '10', DELIVERY_CONCURRENCY: '4' },
      { max: 5, statementTimeoutMs: 60_000 },
    ],
    ['worker', { WORKER_CONCURRENCY: '1000' }, { max: 50, statementTimeoutMs: 60_000 }],
    ['admin', {}, { max: 2, statementTimeoutMs: 0 }],
    ['train', {}, { max: 2, statementTimeoutMs: 0 }],
  ] as const)('%s with %j gets %j', (role, env, expected) => {
    expect(poolSettingsFor(role, loadConfig(role, env))).toEqual({ ...expected, connectTimeoutMs: 3_000 });
  });

  it('DATABASE_POOL_MAX, STATEMENT_TIMEOUT_MS and DATABASE_CONNECT_TIMEOUT_MS override the role, 0 lifting the timeout', () => {
    const env = {
      ADMIN_TOKEN,
      DATABASE_POOL_MAX: '7',
      STATEMENT_TIMEOUT_MS: '0',
      DATABASE_CONNECT_TIMEOUT_MS: '20000',
    };
    expect(poolSettingsFor('api', loadConfig('api', env))).toEqual({
      max: 7,
      statementTimeoutMs: 0,
      connectTimeoutMs: 20_000,
    });
  });

  it('a bad pool size, timeout or replica URL is named', () => {
    expect(() =>
      loadConfig('api', {
        ADMIN_TOKEN,
        DATABASE_POOL_MAX: '0',
        STATEMENT_TIMEOUT_MS: '-1',
        DATABASE_READ_URL: 'mysql://replica/db',
      }),
    ).toThrow(/DATABASE_POOL_MAX.*STATEMENT_TIMEOUT_MS.*DATABASE_READ_URL/);
  });
});
