import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestEnv, type TestEnv } from '../helpers/test-env';
import { countRows } from '../helpers/problems';
import { ROOT } from '../helpers/processes';

/**
 * The admin CLI runs the admin API's use cases, so the API's rules hold from the shell too: a
 * callback URL to a private address is refused unless the operator allow-lists the host, and a
 * moderator cannot be given a site that does not exist. Driven as an operator runs it, built.
 */
const CLI = path.join(ROOT, 'dist/src/cli/admin.js');
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.cleanup();
});

async function admin(args: string[], extraEnv: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      // As an operator runs it: the database and nothing else, no ADMIN_TOKEN.
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: env.env.DATABASE_URL!, ...extraEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it('create-site refuses a loopback callback URL with the reason, and stores nothing', async () => {
  const result = await admin(['create-site', '--name', 'Shell', '--callback-url', 'http://127.0.0.1:9/cb']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^--callbackUrl: 127\.0\.0\.1 is a loopback address/);
  expect(await countRows(env.pool, 'sites')).toBe(0);
});

it('create-site takes that callback URL once the operator allow-lists the host', async () => {
  const result = await admin(['create-site', '--name', 'Shell', '--callback-url', 'http://127.0.0.1:9/cb'], {
    CALLBACK_ALLOW_HOSTS: '127.0.0.1',
  });
  expect(result.code).toBe(0);
  const site = JSON.parse(result.stdout) as { id: string; callbackUrl: string; apiKey: string };
  expect(site.callbackUrl).toBe('http://127.0.0.1:9/cb');
  expect(site.apiKey).toMatch(/^sk-/);
  expect(await countRows(env.pool, 'sites', 'id = $1', [site.id])).toBe(1);
});

it('create-moderator refuses a site that does not exist, and stores nothing', async () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  const result = await admin(['create-moderator', '--name', 'Mo', '--site', missing]);
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(`--siteIds: no site ${missing}`);
  expect(await countRows(env.pool, 'moderators')).toBe(0);
});

it('reads only its own settings: a bad DATABASE_URL stops it with the key named, an api setting does not', async () => {
  const bad = await admin(['create-site', '--name', 'Unstored'], {
    DATABASE_URL: 'mysql://db/x',
    PORT: 'none',
  });
  expect(bad.code).toBe(1);
  expect(bad.stderr.trim()).toMatch(/^invalid configuration: DATABASE_URL: [^;]*$/);
});
