import { readFileSync } from 'node:fs';
import { Pool } from 'pg';
import { insertComment, type NewComment } from '../src/db/comments-repository';
import { storeAutoDecisions } from '../src/decisions/auto-decision';
import { cleanupScratch, createScratch } from './scratch';

/**
 * `node dist/bench/comment-counts-cost.js`: what the triggers that keep comment_counts (migration
 * 070) add to the writes of the hot path, in CPU of the PostgreSQL backend (/proc, so PostgreSQL must
 * run on this machine): intake's insert of one comment, and the worker's verdicts stored one by one
 * and twenty at a time. Rounds with the triggers on and off alternate, so both see the same load;
 * the figure is the median round. Not part of `npm test` or `npm run bench`.
 */
const PER_ROUND = Number(process.env.BENCH_COUNTS_PER_ROUND ?? 3000);
const ROUNDS = Number(process.env.BENCH_COUNTS_ROUNDS ?? 5);
const TICK_MS = 10; // USER_HZ is 100 on Linux.

/** utime + stime of a process so far, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function main(): Promise<void> {
  const scratch = await createScratch('counts');
  // One connection that never closes: every write of the bench runs on the backend it measures.
  const pool = new Pool({
    connectionString: scratch.serviceEnv().DATABASE_URL,
    max: 1,
    idleTimeoutMillis: 0,
  });
  const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  const backend = rows[0]!.pid;
  let next = 0;
  const comment = (): NewComment => ({
    siteId: scratch.siteId,
    externalId: `c${next++}`,
    content: 'A comment of about a hundred characters on the article, with an opinion and a question?',
    author: { id: `a${next % 500}`, name: 'A reader' },
    authorKey: `id:a${next % 500}`,
    thread: { id: 't1' },
    parentId: null,
    lang: null,
    honeypot: null,
    meta: {},
    createdAt: null,
  });
  const verdict = (id: string) => ({
    id,
    version: 1,
    status: 'approved' as const,
    action: 'approve' as const,
    score: 0.1,
    signals: [],
    reason: null,
    observed: false,
  });
  const inserted = async () => {
    const ids: string[] = [];
    for (let i = 0; i < PER_ROUND; i++) ids.push((await insertComment(pool, comment())).comment.id);
    return ids;
  };
  const work: Record<string, (ids: string[]) => Promise<unknown>> = {
    'intake: insert one comment': async () => undefined,
    'worker: store one verdict': async (ids) => {
      for (const id of ids) await storeAutoDecisions(pool, [verdict(id)]);
    },
    'worker: store verdicts 20 at a time': async (ids) => {
      for (let i = 0; i < ids.length; i += 20)
        await storeAutoDecisions(pool, ids.slice(i, i + 20).map(verdict));
    },
  };
  const perWrite: Record<string, { on: number[]; off: number[] }> = {};
  for (const name of Object.keys(work)) perWrite[name] = { on: [], off: [] };
  for (let round = 0; round < ROUNDS * 2; round++) {
    const on = round % 2 === 0;
    await pool.query(`ALTER TABLE comments ${on ? 'ENABLE' : 'DISABLE'} TRIGGER USER`);
    let started = cpuMs(backend);
    const ids = await inserted();
    perWrite['intake: insert one comment']![on ? 'on' : 'off'].push((cpuMs(backend) - started) / PER_ROUND);
    for (const [name, run] of Object.entries(work).slice(1)) {
      const batch = name.endsWith('at a time') ? ids.slice(PER_ROUND / 2) : ids.slice(0, PER_ROUND / 2);
      started = cpuMs(backend);
      await run(batch);
      perWrite[name]![on ? 'on' : 'off'].push((cpuMs(backend) - started) / batch.length);
    }
    process.stderr.write(`round ${round + 1}/${ROUNDS * 2} (triggers ${on ? 'on' : 'off'}) done\n`);
  }
  await pool.end();
  console.log(
    `PostgreSQL backend CPU per write, µs (median of ${ROUNDS} rounds of ${PER_ROUND} comments each way)\n`,
  );
  console.log('| Write | Triggers off | Triggers on | Added |\n| --- | ---: | ---: | ---: |');
  for (const [name, { on, off }] of Object.entries(perWrite)) {
    const [a, b] = [median(off) * 1000, median(on) * 1000];
    console.log(`| ${name} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b - a).toFixed(0)} |`);
  }
}

main()
  .catch((error: unknown) => {
    process.stderr.write(
      `comment-counts-cost failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => cleanupScratch().catch(() => undefined));
