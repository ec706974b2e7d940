import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { waitFor } from './fixtures';

/** The built entry points an operator runs; `npm test` builds them before jest starts. */
export const ROOT = path.resolve(__dirname, '../..');
export const API_SCRIPT = 'dist/src/processes/api.js';
export const WORKER_SCRIPT = 'dist/src/processes/workers.js';
/** Makes a child SIGKILL itself if jest dies without killing it (jest's sandbox hides process 'exit'). */
const ORPHAN_GUARD = path.join(__dirname, 'orphan-guard.cjs');

/**
 * Settings that make the processes quick to observe in a test: a killed worker's jobs come back
 * after ~2 s, and the sweeper looks every 0.5 s for comments queued longer than 1 s. The per-site
 * rate limit stays on (it is on the intake path) but high enough that a test's bursts never trip it.
 */
export const E2E_ENV: Record<string, string> = {
  LOG_LEVEL: 'warn',
  WORKER_LOCK_MS: '2000',
  SWEEP_EVERY_MS: '500',
  SWEEP_AFTER_MS: '1000',
  RATE_LIMIT_PER_MINUTE: '100000',
};

/** How much of a process's output is kept for failure messages. */
const MAX_OUTPUT_CHARS = 64 * 1024;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  name: string;
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<Exit>;
  /** Set once the process has exited. */
  exit: Exit | null;
  /** The tail of stdout and stderr, interleaved, for failure messages. */
  output(): string;
  /** SIGTERM, then waits up to timeoutMs for the exit (SIGKILL after that, and `timedOut`). */
  stop(timeoutMs?: number): Promise<Exit & { tookMs: number; timedOut: boolean }>;
  /** SIGKILL (kill -9): no shutdown code runs; resolves once the process is gone. */
  kill(): Promise<Exit>;
}

export interface ApiProcess extends ServiceProcess {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
}

const running = new Set<ServiceProcess>();
/** Processes that exited without stop() or kill(): crashes, which fail the test in killAll(). */
const crashed: ServiceProcess[] = [];
/** A TCP port that was free a moment ago (the kernel picks it; the race window is tiny). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The environment of a child: the machine's, the test env's, the e2e defaults, then overrides. */
export function childEnv(
  testEnv: Record<string, string>,
  overrides: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return { ...process.env, ...testEnv, ...E2E_ENV, ...overrides };
}

/** Starts `node <script>` from the repository root with the given environment. */
export function spawnService(name: string, script: string, env: NodeJS.ProcessEnv): ServiceProcess {
  const scriptPath = path.join(ROOT, script);
  if (!existsSync(scriptPath)) {
    throw new Error(`${scriptPath} does not exist: run \`npm run build\` first (npm test does)`);
  }
  const child: ChildProcess = spawn(process.execPath, ['--require', ORPHAN_GUARD, scriptPath], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // What the test asked for; an exit that is not its answer is a crash.
  let requested: 'nothing' | 'SIGTERM' | 'SIGKILL' = 'nothing';
  const append = (stream: string) => (chunk: Buffer) => {
    output += chunk
      .toString('utf8')
      .split('\n')
      .map((line) => (line ? `[${name} ${stream}] ${line}` : line))
      .join('\n');
    if (output.length > MAX_OUTPUT_CHARS) output = output.slice(-MAX_OUTPUT_CHARS);
  };
  child.stdout!.on('data', append('out'));
  child.stderr!.on('data', append('err'));
  // A child a test forgot must not keep jest alive; the orphan guard then ends it after jest.
  child.unref();
  (child.stdout as unknown as { unref(): void }).unref();
  (child.stderr as unknown as { unref(): void }).unref();

  const proc: ServiceProcess = {
    name,
    pid: child.pid!,
    exit: null,
    exited: new Promise<Exit>((resolve) => {
      // 'close', not 'exit': by then stdout and stderr are drained, so a crash's last words are kept.
      child.once('close', (code, signal) => {
        proc.exit = { code, signal };
        running.delete(proc);
        // A process that died on its own just before kill() was sent did not die of SIGKILL.
        if (requested === 'nothing' || (requested === 'SIGKILL' && signal !== 'SIGKILL')) crashed.push(proc);
        resolve(proc.exit);
      });
    }),
    output: () => output || `[${name}] (no output)`,
    async stop(timeoutMs = 15_000) {
      const started = Date.now();
      if (proc.exit) return { ...proc.exit, tookMs: 0, timedOut: false };
      requested = 'SIGTERM';
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        proc.exited.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
      ]);
      clearTimeout(timer);
      if (timedOut) await proc.kill();
      return { ...proc.exit!, tookMs: Date.now() - started, timedOut };
    },
    async kill() {
      if (!proc.exit && requested !== 'SIGKILL') {
        requested = 'SIGKILL';
        child.kill('SIGKILL');
      }
      return proc.exited;
    },
  };
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  running.add(proc);
  return proc;
}

/** Throws, with their output, if any of the processes has exited. */
export function assertRunning(...procs: ServiceProcess[]): void {
  for (const proc of procs) {
    if (proc.exit) {
      throw new Error(
        `${proc.name} exited unexpectedly (code ${proc.exit.code}, signal ${proc.exit.signal}):\n${proc.output()}`,
      );
    }
  }
}

/**
 * Polls `probe` until it returns true; fails early, with the output, if the process exits, and
 * after timeoutMs with the output too, so a failing start explains itself.
 */
export async function waitUntilReady(
  proc: ServiceProcess,
  probe: () => Promise<boolean>,
  timeoutMs = 20_000,
  what = 'ready',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    assertRunning(proc);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${proc.name} was not ${what} after ${timeoutMs} ms${reason}:\n${proc.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts the api alone (`node dist/src/processes/api.js`) on a free port and waits for /healthz. */
export async function startApi(
  testEnv: Record<string, string>,
  overrides: Record<string, string> = {},
  name = 'api',
): Promise<ApiProcess> {
  const port = await freePort();
  const proc = spawnService(name, API_SCRIPT, childEnv(testEnv, { ...overrides, PORT: String(port) }));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(
    proc,
    async () => (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) })).status === 200,
    20_000,
    'healthy on /healthz',
  );
  return Object.assign(proc, { port, url });
}

/**
 * Starts the workers alone (`node dist/src/processes/workers.js`). A worker has no HTTP port;
 * pass `ready` (e.g. BullMQ's worker count for the queue) to wait until it consumes.
 */
export async function startWorker(
  testEnv: Record<string, string>,
  overrides: Record<string, string> = {},
  ready?: () => Promise<boolean>,
  name = 'worker',
): Promise<ServiceProcess> {
  const proc = spawnWorker(testEnv, overrides, name);
  if (ready) await waitUntilReady(proc, ready, 20_000, 'consuming');
  return proc;
}

/** Spawns the workers alone and returns at once, for tests that must act within milliseconds of the start. */
export function spawnWorker(
  testEnv: Record<string, string>,
  overrides: Record<string, string> = {},
  name = 'worker',
): ServiceProcess {
  return spawnService(name, WORKER_SCRIPT, childEnv(testEnv, overrides));
}

/**
 * An e2e file's teardown: killAll, then each of `cleanups` in order even when killAll reported a
 * crash, so the schema and keys are removed and the crash still fails the file.
 */
export async function killAllThen(...cleanups: Array<() => Promise<unknown> | undefined>): Promise<void> {
  try {
    await killAll();
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/**
 * SIGKILLs every process these helpers started that is still running; for afterAll/afterEach.
 * Then fails, with their output, if any process exited on its own since the last call: a crash
 * of the service fails the test even when its assertions happened to pass.
 */
export async function killAll(): Promise<void> {
  await Promise.all([...running].map((proc) => proc.kill()));
  const crashes = crashed.splice(0);
  if (crashes.length > 0) {
    throw new Error(
      crashes
        .map(
          (proc) =>
            `${proc.name} exited on its own (code ${proc.exit?.code}, signal ${proc.exit?.signal}):\n${proc.output()}`,
        )
        .join('\n'),
    );
  }
}

/**
 * fixtures' waitFor, for state that running processes produce: fails at once if one of them
 * exits, and a timeout carries their output.
 */
export async function waitWhileRunning<T>(
  procs: ServiceProcess[],
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  try {
    return await waitFor(
      async () => {
        assertRunning(...procs);
        return read();
      },
      done,
      timeoutMs,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (message.includes('exited unexpectedly')) throw error;
    throw new Error(`${message}\n${procs.map((proc) => proc.output()).join('\n')}`, { cause: error });
  }
}
