import { api, query } from './api';
import { h, humanize, replace, STATUS_LABEL } from './dom';
import { hrefFor } from './router';
import { createPicker } from './picker';
import type { AppContext } from './context';
import type { Counts, ReviewComment } from './types';

/** The queue's filters, as its URL holds them. */
export interface QueueFilters {
  status: string;
  sort: string;
  siteId?: string;
  signal?: string;
  threadId?: string;
  authorId?: string;
  q?: string;
}

const STATUSES = ['pending_review', 'queued', 'approved', 'rejected', 'all'];
const FILTER_KEYS = ['status', 'sort', 'siteId', 'signal', 'threadId', 'authorId', 'q'] as const;

/** The filters a URL's parameters name (defaults: held items, most suspicious first). */
export function filtersFrom(params: URLSearchParams): QueueFilters {
  const filters: QueueFilters = { status: 'pending_review', sort: 'score' };
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  if (!STATUSES.includes(filters.status)) filters.status = 'pending_review';
  return filters;
}

export const sameFilters = (a: QueueFilters, b: QueueFilters) =>
  FILTER_KEYS.every((key) => (a[key] ?? '') === (b[key] ?? ''));

/**
 * The queue's filter bar: status tabs (links, so each is an address) with their counts, search,
 * site, signal (by name), author and thread (picked by name), and order. `onChange` gets the new
 * filters; the page moves to their URL.
 */
export function createQueueFilters(ctx: AppContext, onChange: (filters: QueueFilters) => void) {
  let filters: QueueFilters = { status: 'pending_review', sort: 'score' };
  let counts: Counts | null = null;
  const codes = new Set<string>();
  const set = (change: Partial<QueueFilters>) => {
    const next = { ...filters, ...change };
    for (const key of FILTER_KEYS) if (!next[key]) delete next[key];
    onChange(next);
  };

  const tabs = h('nav', { class: 'tabs', 'aria-label': 'Status', 'data-testid': 'status-counts' });
  const search = h('input', {
    type: 'search',
    name: 'q',
    maxlength: 200,
    placeholder: 'Search text, author, e-mail, IP, ids…',
    'aria-label': 'Search comments',
    'data-testid': 'search',
  });
  const searchHint = h('span', { class: 'field-error', role: 'alert' });
  const searchForm = h(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (event: SubmitEvent) => {
        event.preventDefault();
        const q = search.value.trim();
        if (q && !q.split(/\s+/).some((word) => [...word.replace(/"/g, '')].length >= 3)) {
          searchHint.textContent = 'Type a word of at least 3 characters.';
          return;
        }
        searchHint.textContent = '';
        set({ q });
      },
    },
    search,
    h('button', { type: 'submit', class: 'small' }, 'Search'),
    searchHint,
  );
  const siteSelect = h('select', { 'aria-label': 'Site' });
  siteSelect.addEventListener('change', () => set({ siteId: siteSelect.value }));
  const signalSelect = h('select', { 'aria-label': 'Signal' });
  signalSelect.addEventListener('change', () => set({ signal: signalSelect.value }));
  const sort = h(
    'select',
    { 'aria-label': 'Order' },
    [
      ['score', 'Most suspicious first'],
      ['oldest', 'Oldest first'],
      ['newest', 'Newest first'],
    ].map(([value, label]) => h('option', { value }, label)),
  );
  sort.addEventListener('change', () => set({ sort: sort.value }));
  const author = createPicker({
    kind: 'author',
    label: 'Author',
    onPick: (authorId) => set({ authorId }),
    siteId: () => filters.siteId,
  });
  const thread = createPicker({
    kind: 'thread',
    label: 'Thread',
    onPick: (threadId) => set({ threadId }),
    siteId: () => filters.siteId,
  });

  const drawTabs = () =>
    replace(
      tabs,
      STATUSES.map((status) => {
        const count = !counts
          ? '…'
          : status === 'all'
            ? String(Object.values(counts).reduce((sum, n) => sum + n, 0))
            : String(counts[status as keyof Counts]);
        const { status: _status, ...rest } = filters;
        return h(
          'a',
          {
            class: `tab${status === filters.status ? ' active' : ''}`,
            href: hrefFor('queue', { ...rest, status: status === 'pending_review' ? null : status }),
            'aria-current': status === filters.status ? 'true' : null,
            'data-status': status,
          },
          STATUS_LABEL[status] ?? status,
          h('span', { class: 'count' }, count),
        );
      }),
    );
  const drawSelects = () => {
    replace(
      siteSelect,
      h('option', { value: '' }, 'All sites'),
      ctx.directory.sites.map((site) =>
        h('option', { value: site.id, selected: site.id === filters.siteId }, site.name),
      ),
    );
    const known = [...new Set([...codes, ...(filters.signal ? [filters.signal] : [])])].sort();
    replace(
      signalSelect,
      h('option', { value: '' }, 'Any signal'),
      known.map((code) => h('option', { value: code, selected: code === filters.signal }, humanize(code))),
    );
    sort.value = filters.sort;
  };

  // Codes seen over the last two weeks fill the signal filter before any item shows them.
  void api<{ checks?: Array<{ code: string }> }>('GET', `/v1/review/stats${query({ bucket: 'day' })}`)
    .then((stats) => {
      for (const check of stats.checks ?? []) codes.add(check.code);
      drawSelects();
    })
    .catch(() => undefined);

  const element = h(
    'div',
    { class: 'filters' },
    h('div', { class: 'filter-row' }, tabs, searchForm),
    h('div', { class: 'filter-fields' }, siteSelect, signalSelect, author.element, thread.element, sort),
  );

  return {
    element,
    value: (): QueueFilters => ({ ...filters }),
    /** Shows these filters (from the URL). */
    show(next: QueueFilters) {
      filters = { ...next };
      search.value = filters.q ?? '';
      author.show(filters.authorId);
      thread.show(filters.threadId);
      drawTabs();
      drawSelects();
    },
    showCounts(next: Counts | null) {
      counts = next;
      drawTabs();
    },
    /** Learns signal codes and the names of the filtered author and thread from the items shown. */
    learn(items: ReviewComment[]) {
      const before = codes.size;
      for (const item of items) for (const signal of item.signals) codes.add(signal.code);
      if (codes.size !== before) drawSelects();
      const first = items[0];
      if (first && filters.authorId === first.author.id && first.author.name) author.name(first.author.name);
      if (first && filters.threadId === first.thread.id && first.thread.title)
        thread.name(first.thread.title);
    },
  };
}
