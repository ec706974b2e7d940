import fs from 'node:fs';
import path from 'node:path';

/**
 * The project's root: the nearest folder above `from` with a package.json. The same folder from src/
 * under ts-jest and from dist/ in production, so files found from it (the built dashboard, the
 * package's version) are found either way.
 */
export function projectRoot(from = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
