import { parseArgs } from 'node:util';
import { createCallbackUrlCheck } from '../delivery/callback-url-check';
import { loadConfig } from '../config';
import { createPool } from '../db/pool';
import { poolSettingsFor } from '../config/database-pools';
import { migrate } from '../db/migrate';
import { createSiteSchema, createSitesService } from '../sites/sites-service';
import { createModeratorSchema, createModeratorsService } from '../sites/moderators-service';
import { AppError, ValidationError } from '../errors';
import { parseInput } from '../validation';
import { printMessage, runMain } from './run-main';

const usage = `usage: npm run admin -- <command> [options]

commands:
  create-site --name NAME [--callback-url URL]
      creates a site and prints its id, API key and webhook secret (shown once)
  create-moderator --name NAME [--role moderator|admin] [--site SITE_ID ...] [--password PASSWORD]
      creates a moderator and prints its token (shown once); with a password, they can
      also sign in to the dashboard (/dashboard) with their name

Reads DATABASE_URL, CALLBACK_ALLOW_HOSTS and KEY_GRACE_SECONDS from the environment.`;

/** Options as the schemas read them; parseArgs leaves absent ones undefined, which JSON drops. */
const present = (value: object): unknown => JSON.parse(JSON.stringify(value));

/**
 * The admin API's use cases from a shell, for the first site and the first moderator: the same use
 * cases, so the API's rules (a callback URL to a private address is refused) hold here too.
 */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      'callback-url': { type: 'string' },
      role: { type: 'string' },
      site: { type: 'string', multiple: true },
      password: { type: 'string' },
    },
  });
  if (command !== 'create-site' && command !== 'create-moderator') {
    console.error(usage);
    return 2;
  }
  const config = loadConfig('admin');
  const pool = createPool(config.DATABASE_URL, poolSettingsFor('admin', config));
  try {
    await migrate(pool);
    const created =
      command === 'create-site'
        ? await createSitesService({
            pool,
            checkCallbackUrl: createCallbackUrlCheck({ allowHosts: config.CALLBACK_ALLOW_HOSTS }),
            keyGraceSeconds: config.KEY_GRACE_SECONDS,
          }).create(
            parseInput(createSiteSchema, present({ name: values.name, callbackUrl: values['callback-url'] })),
          )
        : await createModeratorsService({ pool }).create(
            parseInput(
              createModeratorSchema,
              present({
                name: values.name,
                role: values.role,
                siteIds: values.site,
                password: values.password,
              }),
            ),
          );
    console.log(JSON.stringify(created, null, 2));
    return 0;
  } finally {
    await pool.end();
  }
}

runMain(
  () => main(process.argv.slice(2)),
  (error) => {
    if (error instanceof ValidationError)
      console.error(error.errors.map((e) => `--${e.path}: ${e.message}`).join('\n'));
    else if (error instanceof AppError) console.error(error.detail ?? error.title);
    else printMessage(error);
    return 1;
  },
);
