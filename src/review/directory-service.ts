import type { Pool } from 'pg';
import { listModerators } from '../db/moderators-repository';
import { listSites } from '../db/sites-repository';
import { listPolicyChangesForAudit } from '../db/policy-changes-repository';
import { siteScope, withinScope, type Principal, type ScopedFilter } from '../access/principal';
import { toSite } from '../sites/site';

type PolicyChangeFilter = ScopedFilter<Parameters<typeof listPolicyChangesForAudit>[1]>;

/**
 * What a moderator's dashboard needs beyond the review queue: the names of the sites they moderate
 * and of their colleagues, and the policy changes of those sites. Never keys, secrets or other sites.
 */
export function createDirectoryService(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    /**
     * The reader's sites with the thresholds their scores are compared with, and their colleagues:
     * moderators who share a site with them, and the admins (removed ones too, marked, so earlier
     * decisions keep their names).
     */
    async directory(principal: Principal) {
      const scope = siteScope(principal);
      const [sites, moderators] = await Promise.all([
        listSites(pool, { ids: scope, limit: 10_000, after: null }),
        listModerators(pool),
      ]);
      const colleagues = scope
        ? moderators.filter((m) => m.role === 'admin' || m.siteIds.some((id) => scope.includes(id)))
        : moderators;
      return {
        sites: sites.map(toSite).map((site) => ({
          id: site.id,
          name: site.name,
          reviewThreshold: site.policy.reviewThreshold,
          rejectThreshold: site.policy.rejectThreshold,
        })),
        moderators: colleagues.map((m) => ({
          id: m.id,
          name: m.name,
          role: m.role,
          active: !m.disabledAt && !m.removedAt,
        })),
      };
    },

    /** Policy changes of the sites the principal asks about, newest first. */
    policyChanges: (principal: Principal, filter: PolicyChangeFilter) =>
      listPolicyChangesForAudit(pool, withinScope(principal, filter)),
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
