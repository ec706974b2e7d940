import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './processes';

const run = promisify(execFile);

/** PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup): pg_config's bindir, else Debian's folder. */
function serverBinDir(): string | null {
  const candidates = ['/usr/lib/postgresql'].flatMap((root) =>
    existsSync(root)
      ? readdirSync(root)
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => path.join(root, version, 'bin'))
      : [],
  );
  return candidates.find((dir) => existsSync(path.join(dir, 'initdb'))) ?? null;
}

/** Whether this machine can start a throw-away primary and replica (the server programs are installed). */
export const canStartReplica = (): boolean => serverBinDir() !== null;

export interface StreamingReplica {
  primaryUrl: string;
  replicaUrl: string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A throw-away PostgreSQL primary and a streaming replica of it (initdb, pg_basebackup -R), on free
 * ports under a temporary folder, for tests of DATABASE_READ_URL; about 8 s to start. PostgreSQL
 * refuses to run as root, so as root the servers run as the `postgres` user (runuser).
 */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  const bin = serverBinDir();
  if (!bin) throw new Error('PostgreSQL server programs (initdb) not found');
  const dir = mkdtempSync(path.join(tmpdir(), 'pg-replica-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(bin, program), ...args])
      : run(path.join(bin, program), args);
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const server = (data: string, port: number, extra: string) => [
    '-D',
    data,
    '-l',
    `${data}.log`,
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off ${extra}`,
  ];
  const primary = path.join(dir, 'primary');
  const replica = path.join(dir, 'replica');
  const stop = async () => {
    for (const data of [replica, primary]) {
      if (existsSync(path.join(data, 'postmaster.pid'))) {
        await pg('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pg('initdb', ['-D', primary, '-A', 'trust', '-U', 'postgres']);
    await pg('pg_ctl', [
      'start',
      ...server(primary, primaryPort, '-c wal_level=replica -c max_wal_senders=4'),
    ]);
    await pg('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replica,
      '-R',
    ]);
    await pg('pg_ctl', ['start', ...server(replica, replicaPort, '-c hot_standby=on')]);
  } catch (error) {
    await stop();
    throw error;
  }
  const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
  const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
  const psql = async (port: number, sql: string) =>
    (await run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-Atc', sql])).stdout.trim();
  return {
    primaryUrl,
    replicaUrl,
    async caughtUp() {
      const target = await psql(primaryPort, 'SELECT pg_current_wal_lsn()');
      for (let i = 0; i < 200; i++) {
        const behind = await psql(replicaPort, `SELECT pg_last_wal_replay_lsn() < '${target}'::pg_lsn`);
        if (behind === 'f') return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the replica did not catch up within 10 s');
    },
    stop,
  };
}
