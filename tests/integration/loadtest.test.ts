import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startWorkers } from '../../src/processes/workers';
import { formatLoadTest, runLoadTest, type LoadTestOptions } from '../../src/loadtest/load-test';
import { parseLoadTestArgs } from '../../src/cli/loadtest';
import { createTestEnv, silentLogger, type TestEnv } from '../helpers/test-env';
import { createSiteViaApi } from '../helpers/fixtures';
import { createVerdictTestApp, type VerdictTestApp } from '../helpers/verdict-app';

let env: TestEnv;
let t: VerdictTestApp;
let server: Server;
let stopWorkers: () => Promise<void>;
let url: string;
let apiKey: string;

beforeAll(async () => {
  env = await createTestEnv({ RATE_LIMIT_PER_MINUTE: '100000' });
  t = await createVerdictTestApp(env);
  server = await new Promise<Server>((resolve) => {
    const listening = t.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  apiKey = (await createSiteViaApi(t.app)).apiKey;
  stopWorkers = await startWorkers(env.config, silentLogger);
});
afterAll(async () => {
  await stopWorkers();
  await new Promise((resolve) => server.close(resolve));
  await t.close();
  await env.cleanup();
});

const storedLoad = async () =>
  (await env.pool.query("SELECT status FROM comments WHERE external_id LIKE 'load-%'")).rows as Array<{
    status: string;
  }>;

describe('npm run loadtest', () => {
  it('posts at the rate for the duration, waits for every verdict, and reports both distributions', async () => {
    const options: LoadTestOptions = {
      url,
      key: apiKey,
      rate: 20,
      durationS: 2,
      waitS: 5,
      chars: 150,
      drainS: 20,
    };
    const progress: string[] = [];
    const result = await runLoadTest(options, (line) => progress.push(line));

    expect(result.sent).toBe(40);
    expect((result.statuses['200'] ?? 0) + (result.statuses['202'] ?? 0)).toBe(40);
    expect(result.verdict.count).toBe(40);
    expect(result.undecided).toBe(0);
    expect(Object.values(result.outcomes).reduce((a, b) => a + b, 0)).toBe(40);
    expect(
      Object.keys(result.outcomes).every((s) => ['approved', 'pending_review', 'rejected'].includes(s)),
    ).toBe(true);
    expect(result.verdict.p50).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress[0]).toMatch(/sent \d+\/40/);

    const stored = await storedLoad();
    expect(stored).toHaveLength(40);
    expect(stored.every((row) => row.status !== 'queued')).toBe(true);

    const text = formatLoadTest(options, result);
    expect(text).toMatch(/^load test of http:\/\/127\.0\.0\.1:\d+: 20 comments\/s for 2 s/);
    expect(text).toMatch(/time to verdict p50 [\d.]+ · p90 [\d.]+ · p99 [\d.]+ · max [\d.]+ ms \(40\)/);
    const json = JSON.parse(text.trim().split('\n').at(-1)!);
    expect(json).toMatchObject({ sent: 40, undecided: 0 });
    expect(json.options.key).toBeUndefined();
  });

  it('without Prefer: wait, it times the 202s and polls for the verdicts', async () => {
    const options: LoadTestOptions = {
      url,
      key: apiKey,
      rate: 10,
      durationS: 1,
      waitS: 0,
      chars: 80,
      drainS: 20,
    };
    const result = await runLoadTest(options);
    expect(result.statuses).toEqual({ 202: 10 });
    expect(result.accepted.count).toBe(10);
    expect(result.verdict.count).toBe(10);
    expect(formatLoadTest(options, result)).toMatch(/202 latency {5}p50 [\d.]+ .* ms \(10\)/);
  });

  it('counts refusals by status: a wrong key is 401 for every comment, and no verdict', async () => {
    const options: LoadTestOptions = {
      url,
      key: 'not-a-key',
      rate: 10,
      durationS: 0.5,
      waitS: 0,
      chars: 80,
      drainS: 1,
    };
    const result = await runLoadTest(options);
    expect(result.statuses).toEqual({ 401: 5 });
    expect(result.verdict.count).toBe(0);
  });
});

describe('its command line', () => {
  it('takes the documented defaults', () => {
    expect(parseLoadTestArgs(['--url', 'https://m.example', '--key', 'k'])).toEqual({
      url: 'https://m.example',
      key: 'k',
      rate: 200,
      durationS: 60,
      waitS: 5,
      chars: 150,
      drainS: 30,
    });
  });

  it.each([
    [['--key', 'k'], /--url/],
    [['--url', 'ftp://x', '--key', 'k'], /--url/],
    [['--url', 'http://x'], /--key/],
    [['--url', 'http://x', '--key', 'k', '--rate', '0'], /--rate/],
    [['--url', 'http://x', '--key', 'k', '--duration', 'long'], /--duration/],
    [['--url', 'http://x', '--key', 'k', '--wait', '11'], /--wait/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseLoadTestArgs(argv)).toThrow(message);
  });
});
