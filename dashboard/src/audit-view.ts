import { showRows } from './table';
import { api, describe, query } from './api';
import { ago, h, replace, statusPill, when } from './dom';
import { go } from './router';
import {
  auditFiltersFrom,
  auditParams,
  auditQuery,
  fromLocalInput,
  toLocalInput,
  type AuditFilters,
} from './audit-filters';
import type { AppContext, View } from './context';
import type { AuditEntry, AuthorAction, Page, PolicyChange } from './types';

const show = (value: unknown) => (value === undefined ? '–' : JSON.stringify(value));

/** The keys a policy change touched, as "key: before → after". */
function policyDiff(change: PolicyChange): string[] {
  const keys = [...new Set([...Object.keys(change.before), ...Object.keys(change.after)])].sort();
  return keys
    .filter((key) => JSON.stringify(change.before[key]) !== JSON.stringify(change.after[key]))
    .map((key) => `${key}: ${show(change.before[key])} → ${show(change.after[key])}`);
}

const select = (label: string, options: Array<[string, string]>) =>
  h(
    'select',
    { 'aria-label': label },
    options.map(([value, text]) => h('option', { value }, text)),
  );

/**
 * The audit log: every decision with the comment's excerpt and the site's own id, or every policy
 * change; filtered by kind, who (automatic or people), action, moderator, site and time; CSV export.
 * The filters live in the URL (audit-filters.ts): a change of filter is a new address, and the view
 * shows whatever address it is given.
 */
export function mountAudit(
  container: HTMLElement,
  ctx: AppContext,
  place: { params: URLSearchParams },
): View {
  const kind = select('Kind', [
    ['decisions', 'Decisions'],
    ['policy', 'Policy changes'],
    ['authors', 'Author actions'],
  ]);
  const who = select('Decided by', [
    ['human', 'People only'],
    ['all', 'People and automatic'],
    ['auto', 'Automatic only'],
    ['moderator', 'Moderators only'],
    ['site', 'Site feedback only'],
  ]);
  const action = select('Action', [
    ['', 'Any action'],
    ['approve', 'Approve'],
    ['reject', 'Reject'],
    ['review', 'Back to review'],
  ]);
  const site = select('Site', [
    ['', 'All sites'],
    ...ctx.directory.sites.map((one): [string, string] => [one.id, one.name]),
  ]);
  const moderator = select('Moderator', [
    ['', 'Anyone'],
    ...ctx.directory.moderators.map((one): [string, string] => [one.id, one.name]),
  ]);
  const since = h('input', { type: 'datetime-local', 'aria-label': 'Since' });
  const until = h('input', { type: 'datetime-local', 'aria-label': 'Until' });
  const exportLink = h('a', { class: 'button-link', download: '' }, 'Export CSV');
  const table = h('div', { class: 'audit', 'data-testid': 'audit' });
  const more = h('div', { class: 'list-footer' });
  let cursor: string | null = null;
  let filters = auditFiltersFrom(place.params);

  /** Shows the filters in the controls; a site or moderator the directory lacks is shown by its id. */
  const showFilters = () => {
    const pick = (control: HTMLSelectElement, value: string) => {
      if (![...control.options].some((option) => option.value === value))
        control.append(h('option', { value }, value));
      control.value = value;
    };
    pick(kind, filters.kind);
    pick(who, filters.by);
    pick(action, filters.action);
    pick(site, filters.siteId);
    pick(moderator, filters.moderatorId);
    since.value = toLocalInput(filters.since);
    until.value = toLocalInput(filters.until);
  };
  const params = () => auditQuery(filters);

  const decisionRow = (d: AuditEntry) =>
    h(
      'tr',
      null,
      h('td', { title: when(d.createdAt) }, ago(d.createdAt)),
      h('td', null, ctx.siteName(d.siteId)),
      h(
        'td',
        { class: 'excerpt-cell' },
        h('a', { href: `#/item/${d.commentId}` }, d.excerpt || '(empty)'),
        h('span', { class: 'muted small' }, ' ', h('code', null, d.externalId)),
      ),
      h('td', null, statusPill(d.fromStatus), ' → ', statusPill(d.toStatus)),
      h(
        'td',
        null,
        d.decidedBy === 'moderator'
          ? ctx.moderatorName(d.moderatorId)
          : d.decidedBy === 'auto'
            ? 'automatic'
            : 'site',
      ),
      h('td', null, [d.undoes ? 'undo' : d.reason, d.note].filter(Boolean).join(' · ')),
    );
  const policyRow = (c: PolicyChange) =>
    h(
      'tr',
      null,
      h('td', { title: when(c.createdAt) }, ago(c.createdAt)),
      h('td', null, ctx.siteName(c.siteId)),
      h('td', null, c.changedBy === 'moderator' ? ctx.moderatorName(c.moderatorId) : 'operator'),
      h(
        'td',
        null,
        h(
          'ul',
          { class: 'diff' },
          policyDiff(c).map((line) => h('li', null, h('code', null, line))),
        ),
      ),
    );

  const authorRow = (a: AuthorAction) =>
    h(
      'tr',
      null,
      h('td', { title: when(a.createdAt) }, ago(a.createdAt)),
      h('td', null, ctx.siteName(a.siteId)),
      h('td', null, h('code', null, a.authorKey)),
      h(
        'td',
        null,
        a.action,
        a.until ? ` until ${when(a.until)}` : '',
        a.affected !== null ? ` (${a.affected})` : '',
      ),
      h('td', null, ctx.moderatorName(a.moderatorId)),
      h('td', null, a.reason),
    );
  const KINDS = {
    decisions: {
      path: '/v1/audit',
      headers: ['When', 'Site', 'Comment', 'Change', 'By', 'Reason and note'],
      row: (entry: unknown) => decisionRow(entry as AuditEntry),
    },
    policy: {
      path: '/v1/audit/policy-changes',
      headers: ['When', 'Site', 'By', 'Changes'],
      row: (entry: unknown) => policyRow(entry as PolicyChange),
    },
    authors: {
      path: '/v1/audit/author-actions',
      headers: ['When', 'Site', 'Author', 'Action', 'By', 'Why'],
      row: (entry: unknown) => authorRow(entry as AuthorAction),
    },
  };

  let seq = 0;
  const load = async (append: boolean) => {
    const decisions = filters.kind === 'decisions';
    const shown = KINDS[filters.kind];
    who.hidden = action.hidden = exportLink.hidden = !decisions;
    exportLink.setAttribute('href', new URL(`../v1/audit/export${query(params())}`, location.href).href);
    const mine = ++seq;
    try {
      const page = await api<Page<unknown>>(
        'GET',
        `${shown.path}${query({ ...params(), limit: 50, cursor: append ? cursor : undefined })}`,
      );
      // A slower answer to an earlier filter must not replace the current one.
      if (mine !== seq) return;
      cursor = page.nextCursor;
      showRows(table, {
        headers: shown.headers,
        rows: page.items.map(shown.row),
        empty: 'Nothing matches these filters.',
        append,
      });
      replace(
        more,
        cursor ? h('button', { class: 'ghost', onclick: () => void load(true) }, 'Older entries') : null,
      );
    } catch (error) {
      replace(table, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };

  // A change of filter goes to its address; the router hands the new parameters to update().
  const controls: Array<[HTMLSelectElement | HTMLInputElement, () => Partial<AuditFilters>]> = [
    [kind, () => ({ kind: kind.value as AuditFilters['kind'] })],
    [who, () => ({ by: who.value })],
    [action, () => ({ action: action.value })],
    [site, () => ({ siteId: site.value })],
    [moderator, () => ({ moderatorId: moderator.value })],
    [since, () => ({ since: fromLocalInput(since.value) })],
    [until, () => ({ until: fromLocalInput(until.value) })],
  ];
  for (const [control, change] of controls)
    control.addEventListener('change', () => go('audit', auditParams({ ...filters, ...change() })));
  container.append(
    h(
      'div',
      { class: 'page' },
      h(
        'div',
        { class: 'toolbar' },
        h('h1', null, 'Audit'),
        kind,
        who,
        action,
        site,
        moderator,
        since,
        until,
        exportLink,
      ),
      table,
      more,
    ),
  );
  showFilters();
  void load(false);
  return {
    update(params) {
      filters = auditFiltersFrom(params);
      showFilters();
      void load(false);
    },
  };
}
