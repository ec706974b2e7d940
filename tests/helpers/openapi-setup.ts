import { observed } from './openapi-check';

/**
 * Run after each test of every file (jest setupFilesAfterEnv): a test whose app answered something
 * the OpenAPI document does not describe fails, naming the request and what differs.
 */
afterEach(() => {
  const violations = observed.violations.splice(0);
  if (violations.length > 0) {
    throw new Error(`answers the OpenAPI document does not describe:\n${violations.join('\n')}`);
  }
});
