// Copies the Lua scripts that modules read beside themselves (src/**/*.lua) into dist/src, beside
// the built modules; tsc copies only what it compiles. Run by `npm run build` (scripts/build.mjs), after tsc.
import { statSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
await cp(path.join(root, 'src'), path.join(root, 'dist', 'src'), {
  recursive: true,
  // Directories are walked; of the files, only the scripts are copied.
  filter: (source) => source.endsWith('.lua') || statSync(source).isDirectory(),
});
