import type { Pool } from 'pg';
import { listAudit, type AuditFilter } from '../db/decisions-repository';
import { listModerators } from '../db/moderators-repository';
import { listSites } from '../db/sites-repository';
import { withinScope, type Principal, type ScopedFilter } from '../access/principal';
import { AUDIT_CSV_HEADER, auditCsvLine, csvLine } from './audit-csv';

/** The most rows one export holds; narrow the filters (a time window) for more. */
export const MAX_EXPORT_ROWS = 100_000;
const PAGE = 1_000;

/** The audit log as CSV, for the sites the principal may see, newest first. */
export function createAuditExport(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    /** CSV text in chunks, header first, read page by page so a large export never sits in memory. */
    async *csv(
      principal: Principal,
      filter: ScopedFilter<Omit<AuditFilter, 'limit' | 'before'>>,
    ): AsyncGenerator<string> {
      const scoped = withinScope<AuditFilter>(principal, { ...filter, limit: PAGE, before: null });
      const [sites, moderators] = await Promise.all([
        listSites(pool, { ids: scoped.siteIds, limit: 10_000, after: null }),
        listModerators(pool),
      ]);
      const siteNames = new Map(sites.map((site) => [site.id, site.name]));
      const moderatorNames = new Map(moderators.map((m) => [m.id, m.name]));
      const names = {
        site: (id: string) => siteNames.get(id) ?? id,
        moderator: (id: string | null) => (id === null ? 'operator' : (moderatorNames.get(id) ?? id)),
      };
      yield csvLine(AUDIT_CSV_HEADER);
      let before: string | null = null;
      for (let rows = 0; rows < MAX_EXPORT_ROWS;) {
        const page = await listAudit(pool, {
          ...scoped,
          before,
          limit: Math.min(PAGE, MAX_EXPORT_ROWS - rows),
        });
        if (page.length > 0) yield page.map((entry) => auditCsvLine(entry, names)).join('');
        rows += page.length;
        if (page.length < PAGE) return;
        before = page[page.length - 1]!.id;
      }
    },
  };
}

export type AuditExport = ReturnType<typeof createAuditExport>;
