import { startWorkers } from '../../src/processes/workers';
import { createCallbackSites } from './callback-sites';
import { createTestApp, createTestEnv, silentLogger, type TestApp, type TestEnv } from './test-env';

/** What a delivery test file works with; `env` and `t` are set once its beforeAll ran. */
export type DeliveryHarness = ReturnType<typeof createCallbackSites> & { env: TestEnv; t: TestApp };

/**
 * The api and the workers of one delivery test file, with callbacks to 127.0.0.1 allowed and
 * `settings` on top, started in beforeAll and stopped in afterAll with the sites' receivers.
 * Call it at the top of the file, before the file's own hooks.
 */
export function useDeliveryHarness(settings: Record<string, string> = {}): DeliveryHarness {
  const harness = createCallbackSites(() => harness.t.app) as DeliveryHarness;
  let stopWorkers: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    harness.env = await createTestEnv({ CALLBACK_ALLOW_HOSTS: '127.0.0.1', ...settings });
    harness.t = createTestApp(harness.env);
    stopWorkers = await startWorkers(harness.env.config, silentLogger);
  });
  afterAll(async () => {
    await stopWorkers?.();
    await harness.close();
    await harness.t?.close();
    await harness.env?.cleanup();
  });
  return harness;
}
