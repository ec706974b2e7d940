import type { Params } from './router';

/**
 * The audit log's filters, as its URL holds them (`#/audit?kind=policy&siteId=…&since=…`), so a
 * filtered view can be reloaded, bookmarked and shared. Defaults are left out of the URL.
 */
export interface AuditFilters {
  kind: AuditKind;
  /** Who decided: `human` (the default), `all`, `auto`, `moderator` or `site`; decisions only. */
  by: string;
  /** `approve`, `reject`, `review`, or '' for any; decisions only. */
  action: string;
  siteId: string;
  moderatorId: string;
  /** ISO instants, so that a shared link names the same time in every time zone; '' for none. */
  since: string;
  until: string;
}

export type AuditKind = 'decisions' | 'policy' | 'authors';

const KINDS: readonly string[] = ['decisions', 'policy', 'authors'];
const BY: readonly string[] = ['human', 'all', 'auto', 'moderator', 'site'];
const ACTIONS: readonly string[] = ['', 'approve', 'reject', 'review'];

/** An ISO instant from a URL, or '' when it names none. */
const instant = (value: string | null) => {
  const time = value ? Date.parse(value) : NaN;
  return Number.isNaN(time) ? '' : new Date(time).toISOString();
};

/** The filters a URL's parameters name; unknown values fall back to the defaults. */
export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  const oneOf = (key: string, allowed: readonly string[]) => {
    const value = params.get(key) ?? allowed[0]!;
    return allowed.includes(value) ? value : allowed[0]!;
  };
  return {
    kind: oneOf('kind', KINDS) as AuditKind,
    by: oneOf('by', BY),
    action: oneOf('action', ACTIONS),
    siteId: params.get('siteId') ?? '',
    moderatorId: params.get('moderatorId') ?? '',
    since: instant(params.get('since')),
    until: instant(params.get('until')),
  };
}

/** The URL parameters of these filters, without the defaults. */
export function auditParams(filters: AuditFilters): Params {
  const decisions = filters.kind === 'decisions';
  return {
    kind: decisions ? null : filters.kind,
    by: decisions && filters.by !== 'human' ? filters.by : null,
    action: decisions ? filters.action : null,
    siteId: filters.siteId,
    moderatorId: filters.moderatorId,
    since: filters.since,
    until: filters.until,
  };
}

/** What the audit API is asked for these filters (the export too). */
export function auditQuery(filters: AuditFilters): Record<string, string> {
  return {
    siteId: filters.siteId,
    moderatorId: filters.moderatorId,
    since: filters.since,
    until: filters.until,
    ...(filters.kind === 'decisions'
      ? { decidedBy: filters.by === 'all' ? '' : filters.by, action: filters.action }
      : {}),
  };
}

/** An ISO instant as a datetime-local input shows it: the browser's local time, to the minute. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** A datetime-local input's value (local time) as an ISO instant; '' when empty. */
export const fromLocalInput = (value: string): string => (value ? new Date(value).toISOString() : '');
