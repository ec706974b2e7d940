import { api, query } from './api';
import { h, replace, STATUS_LABEL } from './dom';
import type { AppContext } from './context';
import type { Counts, ReviewComment, Status } from './types';

export interface QueueFilters {
  status: Status;
  sort: 'score' | 'oldest' | 'newest';
  siteId?: string;
  signal?: string;
  threadId?: string;
  authorId?: string;
}

const STORAGE_KEY = 'queue-filters';
const STATUSES: Status[] = ['pending_review', 'queued', 'approved', 'rejected'];

function restore(): QueueFilters {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<QueueFilters>;
    return { status: 'pending_review', sort: 'score', ...saved };
  } catch {
    return { status: 'pending_review', sort: 'score' };
  }
}

/** The queue's filter bar: status tabs with their counts, site, signal, thread, author and order. Kept per browser tab. */
export function createQueueFilters(ctx: AppContext, onChange: () => void) {
  let filters = restore();
  const codes = new Set<string>();
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'data-testid': 'status-counts' });
  const signalSelect = h('select', { 'aria-label': 'Signal' });
  const thread = h('input', {
    type: 'search',
    placeholder: 'Thread id',
    'aria-label': 'Thread id',
    value: filters.threadId ?? '',
  });
  const author = h('input', {
    type: 'search',
    placeholder: 'Author id',
    'aria-label': 'Author id',
    value: filters.authorId ?? '',
  });

  const set = (change: Partial<QueueFilters>) => {
    filters = { ...filters, ...change };
    for (const key of Object.keys(filters) as Array<keyof QueueFilters>)
      if (filters[key] === '') delete filters[key];
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify(filters));
    thread.value = filters.threadId ?? '';
    author.value = filters.authorId ?? '';
    drawSignals();
    onChange();
  };
  const drawSignals = () => {
    const known = [...new Set([...codes, ...(filters.signal ? [filters.signal] : [])])].sort();
    replace(
      signalSelect,
      h('option', { value: '' }, 'Any signal'),
      known.map((code) => h('option', { value: code, selected: code === filters.signal }, code)),
    );
  };
  const siteSelect = h(
    'select',
    {
      'aria-label': 'Site',
      onchange: (event: Event) => set({ siteId: (event.target as HTMLSelectElement).value }),
    },
    h('option', { value: '' }, 'All sites'),
    ctx.directory.sites.map((site) =>
      h('option', { value: site.id, selected: site.id === filters.siteId }, site.name),
    ),
  );
  signalSelect.addEventListener('change', () => set({ signal: signalSelect.value }));
  thread.addEventListener('change', () => set({ threadId: thread.value.trim() }));
  author.addEventListener('change', () => set({ authorId: author.value.trim() }));
  const sort = h(
    'select',
    {
      'aria-label': 'Order',
      onchange: (event: Event) =>
        set({ sort: (event.target as HTMLSelectElement).value as QueueFilters['sort'] }),
    },
    (['score', 'oldest', 'newest'] as const).map((value) =>
      h(
        'option',
        { value, selected: value === filters.sort },
        value === 'score' ? 'Most suspicious first' : value === 'oldest' ? 'Oldest first' : 'Newest first',
      ),
    ),
  );
  drawSignals();
  // Codes seen over the last two weeks fill the signal filter before any item shows them.
  void api<{ checks?: Array<{ code: string }> }>('GET', `/v1/review/stats${query({ bucket: 'day' })}`)
    .then((stats) => {
      for (const check of stats.checks ?? []) codes.add(check.code);
      drawSignals();
    })
    .catch(() => undefined);

  const element = h(
    'div',
    { class: 'filters' },
    tabs,
    h('div', { class: 'filter-fields' }, siteSelect, signalSelect, thread, author, sort),
  );

  return {
    element,
    value: (): QueueFilters => ({ ...filters }),
    set,
    showCounts(counts: Counts | null) {
      replace(
        tabs,
        STATUSES.map((status) =>
          h(
            'button',
            {
              role: 'tab',
              class: `tab${status === filters.status ? ' active' : ''}`,
              'aria-selected': status === filters.status ? 'true' : 'false',
              'data-status': status,
              onclick: () => set({ status }),
            },
            STATUS_LABEL[status] ?? status,
            h('span', { class: 'count' }, counts ? String(counts[status]) : '…'),
          ),
        ),
      );
    },
    learnCodes(items: ReviewComment[]) {
      const before = codes.size;
      for (const item of items) for (const signal of item.signals) codes.add(signal.code);
      if (codes.size !== before) drawSignals();
    },
  };
}
