import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

// Read, not imported: an imported package.json would be copied into dist/ and become the root there.
const packageJson = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

/** The service's name and version, as package.json states them. */
export const SERVICE = { name: packageJson.name, version: packageJson.version } as const;

/**
 * The User-Agent of every request the service makes (callbacks): it names the service and its
 * version, so a site's logs and firewalls can tell our calls apart and report the version they saw.
 */
export const USER_AGENT = `${SERVICE.name}/${SERVICE.version}`;
