/* global console, process */
// Builds the dashboard into dist/dashboard: one bundled, minified script (esbuild), the page and its CSS.
// Type-checking is tsc's job (`tsc --noEmit -p dashboard`), run before this by `npm run build` (scripts/build.mjs).
import { build } from 'esbuild';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'dist', 'dashboard');

await mkdir(out, { recursive: true });
await Promise.all([
  build({
    entryPoints: [path.join(here, 'src', 'main.ts')],
    outfile: path.join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  }),
  cp(path.join(here, 'static'), out, { recursive: true }),
]).catch((error) => {
  console.error(error);
  process.exit(1);
});
