/** Unit, integration and end-to-end tests against the machine's real Redis and PostgreSQL. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // Fails a test whose app answered something the OpenAPI document does not describe.
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/openapi-setup.ts'],
  maxWorkers: 2,
  testTimeout: 60_000,
};
