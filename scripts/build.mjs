/* global console, process */
// `npm run build`: compiles the service (tsc, then the Lua scripts beside the built modules) and
// the dashboard bundle, each only when its sources changed since its last successful build, so
// `npm start`, `npm run admin` and the other commands that build first start at once when nothing
// changed. A step's stamp in dist/.build-stamps.json is a digest of the path, size and mtime of
// every input file: an edit, a new file, a deleted one or a `git checkout` changes it.
// `npm run build -- --force` rebuilds everything; deleting dist does too. Status lines go to stderr,
// so the output of a command that builds first (`npm run admin … | jq`) stays its own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist', '.build-stamps.json');
const force = process.argv.includes('--force');

/** Each step: its inputs (files or directories, walked), an output it must have left, its commands. */
const steps = [
  {
    name: 'service',
    inputs: [
      'src',
      'workers',
      'bench',
      'eval',
      'examples',
      'tsconfig.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    output: 'dist/src/processes/all-in-one.js',
    commands: [
      ['node_modules/.bin/tsc', '-p', 'tsconfig.build.json'],
      ['node', 'scripts/copy-lua.mjs'],
    ],
  },
  {
    name: 'dashboard',
    inputs: ['dashboard', 'package-lock.json'],
    output: 'dist/dashboard/app.js',
    commands: [
      ['node_modules/.bin/tsc', '--noEmit', '-p', 'dashboard'],
      ['node', 'dashboard/build.mjs'],
    ],
  },
];

/** Every file under the inputs, as `path size mtime` lines, sorted so the digest is stable. */
function listing(inputs) {
  const lines = [];
  const walk = (relative) => {
    const full = path.join(root, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (!stat.isDirectory()) {
      lines.push(`${relative}\t${stat.size}\t${stat.mtimeMs}`);
      return;
    }
    for (const name of readdirSync(full)) if (name !== 'node_modules') walk(path.join(relative, name));
  };
  inputs.forEach(walk);
  return lines.sort().join('\n');
}

const readStamps = () => {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
};

for (const step of steps) {
  const digest = createHash('sha256').update(listing(step.inputs)).digest('hex');
  const stamps = readStamps();
  if (!force && stamps[step.name] === digest && existsSync(path.join(root, step.output))) {
    console.error(`build: ${step.name} is up to date`);
    continue;
  }
  for (const [command, ...args] of step.commands) {
    const run = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, JSON.stringify({ ...readStamps(), [step.name]: digest }, null, 2) + '\n');
  console.error(`build: ${step.name} built`);
}
