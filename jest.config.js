/** Unit, integration and end-to-end tests against the machine's real Redis and PostgreSQL. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  maxWorkers: 2,
  testTimeout: 60_000,
};
