import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** dist/ root: bench/*.ts compiles to dist/bench/*.js, the service to dist/src and dist/workers. */
export const DIST = path.resolve(__dirname, '..');
const CHILD_GUARD = path.join(DIST, 'bench', 'child-guard.js');

/** A child process the bench started; stop() is idempotent and always resolves. */
export interface Child {
  name: string;
  process: ChildProcess;
  /** The last lines it printed, to explain a failure. */
  output(): string;
  /** Resolves with the exit code (or signal) once it has exited. */
  exited: Promise<string>;
  stop(): Promise<void>;
}

const running = new Set<Child>();
const OUTPUT_TAIL = 4_000;

export interface StartOptions {
  env?: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Receives each IPC message the child sends. */
  onMessage?: (message: unknown) => void;
}

/**
 * Starts `node <script>` (a path under dist/) with an IPC channel and the child guard preloaded.
 * BENCH_CPU_PROF=<dir> adds --cpu-prof to every child, so one run yields profiles of the service.
 */
export function startNode(name: string, script: string, options: StartOptions = {}): Child {
  const profileDir = process.env.BENCH_CPU_PROF;
  const nodeArgs = [
    ...(profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.${Date.now()}.cpuprofile`]
      : []),
    ...(options.nodeArgs ?? []),
    '--require',
    CHILD_GUARD,
    path.join(DIST, script),
  ];
  const proc = spawn(process.execPath, nodeArgs, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL);
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  if (options.onMessage) proc.on('message', options.onMessage);
  const exited = new Promise<string>((resolve) =>
    proc.once('exit', (code, signal) => resolve(signal ?? String(code))),
  );

  const child: Child = {
    name,
    process: proc,
    output: () => tail,
    exited,
    async stop() {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      // SIGTERM first: the service shuts down gracefully, and --cpu-prof writes its profile on exit.
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** Stops every child still running; used on success, failure and signals alike. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/** A TCP port free right now on 127.0.0.1 (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `url` answers with `status` (a server is up), or fails with the child's output. */
export async function waitForHttp(
  child: Child,
  url: string,
  status = 200,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: string | null = null;
  void child.exited.then((code) => (exitedWith = code));
  while (Date.now() < deadline) {
    if (exitedWith !== null) break;
    if ((await get(url).catch(() => 0)) === status) return;
    await sleep(100);
  }
  throw new Error(
    `${child.name} did not answer ${status} on ${url}` +
      (exitedWith !== null ? ` (exited: ${exitedWith})` : '') +
      `; its output:\n${child.output()}`,
  );
}
