// @ts-check
/**
 * The direction of the layers (STYLE.md), checked by `npm run lint` on every import, type-only
 * imports included: routes and workers call use cases; use cases call repositories, queues and
 * moderation/, never the web layer; repositories decide nothing; moderation/ does no I/O.
 * Composition roots (src/processes/, src/cli/) and tests may reach anything.
 */

/** Node's modules that touch the disk, the network or other processes. */
const IO_CORE =
  '^(node:)?(fs|net|http|https|http2|dgram|dns|tls|child_process|cluster|worker_threads|readline|inspector|repl)(/|$)';
/** Installed packages that talk to PostgreSQL, Redis, the network or the log. */
const IO_PACKAGES =
  '^node_modules/(pg|pg-[^/]+|ioredis|bullmq|express|helmet|rate-limiter-flexible|standardwebhooks|prom-client|pino|@bull-board/[^/]+)/';
/** The repository's own modules (core modules have no folder; packages are under node_modules/). */
const OURS = '^(src|workers|bench|eval|examples|tests|dashboard)/';
const COMPOSITION_ROOTS = ['^src/processes/', '^src/cli/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'moderation-does-no-io',
      comment:
        'src/moderation/ is pure: checks, policy and learning rules on values they are given. It imports ' +
        'only itself and packages that compute (zod, obscenity); the I/O it needs is passed in by workers/ ' +
        'or eval/ behind its small interfaces (check-context.ts).',
      severity: 'error',
      from: { path: '^src/moderation/' },
      to: { path: [OURS, IO_CORE, IO_PACKAGES], pathNot: '^src/moderation/' },
    },
    {
      name: 'db-imports-no-domain-logic',
      comment:
        'src/db/ stores and reads rows and decides nothing: it imports the pool and other repositories, ' +
        'and from the rest of the code only the types of moderation/ (rule db-imports-only-types-from-moderation).',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: OURS, pathNot: '^src/(db|moderation)/' },
    },
    {
      name: 'db-imports-only-types-from-moderation',
      comment: "src/db/ may name moderation's types in its rows, never run its code.",
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/moderation/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-routes-import-http',
      comment:
        'src/http/ is middleware for the routes: only *-routes.ts files and src/api/ use it. A use case that ' +
        'needs something from it takes a value instead, and throws domain errors (src/errors.ts) for http/ to map.',
      severity: 'error',
      from: { pathNot: ['^src/(http|api)/', '-routes\\.ts$', ...COMPOSITION_ROOTS, '^tests/'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'only-composition-roots-import-api',
      comment:
        'src/api/ (createApp, the route table, OpenAPI) sits on top: only the processes and tests import it.',
      severity: 'error',
      from: { pathNot: ['^src/api/', ...COMPOSITION_ROOTS, '^tests/'] },
      to: { path: '^src/api/' },
    },
    {
      name: 'only-the-route-table-mounts-routes',
      comment:
        'A *-routes.ts file is mounted by src/api/routes.ts (and described by the OpenAPI build); use cases ' +
        'never reach up into routes. Routes of one feature may share helpers.',
      severity: 'error',
      from: { pathNot: ['^src/api/', '-routes\\.ts$', '^tests/'] },
      to: { path: '-routes\\.ts$' },
    },
    {
      name: 'routes-call-use-cases',
      comment:
        'A *-routes.ts file parses the request and calls a use case; reading and writing rows, and the rules ' +
        'around them, belong to the use case, which the admin CLI shares.',
      severity: 'error',
      from: { path: '-routes\\.ts$' },
      to: { path: '^src/db/' },
    },
    {
      name: 'config-is-read-by-composition-roots',
      comment:
        'Settings are read once, by the process that starts (src/processes/, src/cli/) and the api it composes; ' +
        'everything else takes the values it needs as arguments, so nothing reads config at import.',
      severity: 'error',
      from: { pathNot: ['^src/(config|api)/', ...COMPOSITION_ROOTS, '^tests/', '^bench/'] },
      to: { path: '^src/config/' },
    },
    {
      name: 'nothing-imports-a-process',
      comment:
        'src/processes/ are the leaves that start things; the all-in-one process composes the other two.',
      severity: 'error',
      from: { pathNot: ['^src/processes/', '^tests/'] },
      to: { path: '^src/processes/' },
    },
    {
      name: 'runtime-code-uses-no-dev-dependencies',
      comment:
        'The runtime image installs dependencies only (npm ci --omit=dev): the service must not need a devDependency.',
      severity: 'error',
      from: { path: '^(src|workers)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-cycles',
      comment: 'A cycle hides which module is the lower one; break it by moving what both need below both.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|test-output)/' },
    // Type-only imports count: a repository that imports a use case's type still points the wrong way.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['require', 'node', 'default'] },
  },
};
