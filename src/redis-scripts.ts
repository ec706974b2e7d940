import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A Lua script that runs inside Redis, kept as a named .lua file beside the module that runs it,
 * as BullMQ keeps its scripts. `npm run build` copies them next to the built modules
 * (scripts/copy-lua.mjs). Read when the module's store is created, never at import.
 */
export function readLuaScript(dir: string, name: string): string {
  return readFileSync(path.join(dir, `${name}.lua`), 'utf8');
}
