import { ForbiddenError } from '../errors';
import type { Moderator } from '../db/moderators-repository';

/** Who is calling the moderator and admin use cases: the operator (ADMIN_TOKEN) or a moderator. */
export type Principal = { kind: 'operator' } | { kind: 'moderator'; moderator: Moderator };

/** Sites a principal may see; null means every site (the operator and admin moderators). */
export function siteScope(principal: Principal): string[] | null {
  if (principal.kind === 'operator' || principal.moderator.role === 'admin') return null;
  return principal.moderator.siteIds;
}

/** Admins manage sites, keys and moderators; they see every site. */
export function isAdmin(principal: Principal): boolean {
  return siteScope(principal) === null;
}

/** The moderator's id, as decisions and policy changes record it; null for the operator. */
export function moderatorIdOf(principal: Principal): string | null {
  return principal.kind === 'moderator' ? principal.moderator.id : null;
}

/**
 * The sites a principal asks about, within what it may see: a moderator who names a site
 * outside their own is refused rather than shown an empty page.
 */
export function requestedScope(principal: Principal, siteId: string | undefined): string[] | null {
  const scope = siteScope(principal);
  if (!siteId) return scope;
  if (scope && !scope.includes(siteId)) throw new ForbiddenError(`You do not moderate site ${siteId}.`);
  return [siteId];
}

/** A list's filter as a principal asks it: one of their sites (`siteId`), or without it all they may see. */
export type ScopedFilter<Filter extends { siteIds: string[] | null }> = Omit<Filter, 'siteIds'> & {
  siteId?: string;
};

/** The filter over the sites the principal may ask about (see requestedScope). */
export function withinScope<Filter extends { siteIds: string[] | null }>(
  principal: Principal,
  { siteId, ...filter }: ScopedFilter<Filter>,
): Filter {
  return { ...filter, siteIds: requestedScope(principal, siteId) } as Filter;
}
