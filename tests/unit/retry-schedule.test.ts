import {
  DEFAULT_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelay,
  parseRetryAfter,
  parseSchedule,
} from '../../src/delivery/retry-schedule';

describe('parseSchedule', () => {
  it.each([
    ['5000,300000', [5_000, 300_000]],
    [' 200 , 400 ', [200, 400]],
    ['', []],
  ])('%j is %j', (text, schedule) => {
    expect(parseSchedule(text)).toEqual(schedule);
  });

  it.each(['abc', '0', '-5', '1.5', '200,,400'])('%j is refused', (text) => {
    expect(() => parseSchedule(text)).toThrow(/is not a positive whole number of milliseconds/);
  });

  it("the default is the Standard Webhooks spec's example: 5 s … 24 h, the last try 75 h 35 min 5 s after the first", () => {
    expect(DEFAULT_SCHEDULE_MS.map((ms) => ms / 1_000)).toEqual([
      5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400,
    ]);
    const total = DEFAULT_SCHEDULE_MS.reduce((sum, ms) => sum + ms, 0) / 1_000;
    expect(total).toBe(75 * 3600 + 35 * 60 + 5);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');

  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Sat, 01 Mar 2025 12:00:30 GMT', 30_000],
    // A date in the past asks for no wait at all.
    ['Sat, 01 Mar 2025 11:00:00 GMT', 0],
    ['soon', null],
    ['-5', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j asks to wait %j ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });
});

describe('nextRetryDelay', () => {
  const schedule = [5_000, 300_000, 1_800_000];
  const delay = (failedAttempts: number, random: number, retryAfterMs: number | null = null) =>
    nextRetryDelay({ failedAttempts, schedule, retryAfterMs, random: () => random });

  it.each([
    [1, 0.5, 5_000],
    [1, 0, 4_500],
    [1, 0.999999, 5_500],
    [2, 0.5, 300_000],
    [2, 0, 270_000],
    [3, 1 - 1e-9, 1_980_000],
  ])('after %i failed attempt(s), with random %d, waits %i ms (±10%% jitter)', (failed, random, ms) => {
    expect(delay(failed, random)).toBe(ms);
  });

  it('gives up once the schedule is spent', () => {
    expect(delay(4, 0.5)).toBeNull();
    expect(nextRetryDelay({ failedAttempts: 1, schedule: [], retryAfterMs: 1_000 })).toBeNull();
  });

  it('a Retry-After that asks for longer wins; a shorter one does not hasten the retry', () => {
    expect(delay(1, 0.5, 60_000)).toBe(60_000);
    expect(delay(1, 0.5, 1_000)).toBe(5_000);
  });

  it(`a Retry-After beyond a day is cut to ${MAX_RETRY_AFTER_MS} ms`, () => {
    expect(delay(1, 0.5, 30 * MAX_RETRY_AFTER_MS)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('jitter stays within ±10% over many draws', () => {
    const draws = Array.from({ length: 1_000 }, () =>
      nextRetryDelay({ failedAttempts: 2, schedule, retryAfterMs: null }),
    );
    expect(Math.min(...(draws as number[]))).toBeGreaterThanOrEqual(270_000);
    expect(Math.max(...(draws as number[]))).toBeLessThanOrEqual(330_000);
    expect(new Set(draws).size).toBeGreaterThan(100);
  });
});
