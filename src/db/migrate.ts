import type { Pool } from 'pg';
import { withTransaction } from './pool';
import * as initial from './migrations/001-initial';
import * as classifier from './migrations/002-classifier';
import * as policyChanges from './migrations/003-policy-changes';
import * as deliveries from './migrations/004-deliveries';
import * as keyRotation from './migrations/005-key-rotation';
import * as dashboard from './migrations/006-dashboard';
import * as callbackHealth from './migrations/040-callback-health';
import * as akismetChecks from './migrations/041-akismet-checks';
import * as search from './migrations/050-search';
import * as undo from './migrations/051-undo';
import * as authorNotes from './migrations/052-author-notes';
import * as moderatorAccess from './migrations/053-moderator-access';
import * as commentWorkflows from './migrations/020-comment-workflows';
import * as authorActions from './migrations/021-author-actions';
import * as appeals from './migrations/022-appeals';
import * as erasures from './migrations/023-erasures';
import * as reviewIndexes from './migrations/065-review-indexes';
import * as commentCounts from './migrations/070-comment-counts';
import * as decisionsActivityCover from './migrations/071-decisions-activity-cover';
import * as processingFailures from './migrations/010-processing-failures';

/** Ordered migrations; append, never edit one that has shipped. */
const migrations: ReadonlyArray<{ name: string; sql: string }> = [
  { name: '001-initial', sql: initial.sql },
  { name: '002-classifier', sql: classifier.sql },
  { name: '003-policy-changes', sql: policyChanges.sql },
  { name: '004-deliveries', sql: deliveries.sql },
  { name: '005-key-rotation', sql: keyRotation.sql },
  { name: '006-dashboard', sql: dashboard.sql },
  { name: '040-callback-health', sql: callbackHealth.sql },
  { name: '041-akismet-checks', sql: akismetChecks.sql },
  { name: '050-search', sql: search.sql },
  { name: '051-undo', sql: undo.sql },
  { name: '052-author-notes', sql: authorNotes.sql },
  { name: '053-moderator-access', sql: moderatorAccess.sql },
  { name: '020-comment-workflows', sql: commentWorkflows.sql },
  { name: '021-author-actions', sql: authorActions.sql },
  { name: '022-appeals', sql: appeals.sql },
  { name: '023-erasures', sql: erasures.sql },
  { name: '065-review-indexes', sql: reviewIndexes.sql },
  { name: '070-comment-counts', sql: commentCounts.sql },
  { name: '071-decisions-activity-cover', sql: decisionsActivityCover.sql },
  { name: '010-processing-failures', sql: processingFailures.sql },
];

// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 72_914_001;

/** Applies pending migrations in one transaction; safe when api and workers start together. */
export async function migrate(pool: Pool): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    // An index on a large table takes longer than the api's statement timeout; this transaction only.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.name));
    const pending = migrations.filter((migration) => !applied.has(migration.name));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
    }
    return pending.map((migration) => migration.name);
  });
}
