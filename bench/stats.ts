export { summarize, type Summary } from '../src/loadtest/latency';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable with PostgreSQL's now(). */
export const wallNow = () => performance.timeOrigin + performance.now();
