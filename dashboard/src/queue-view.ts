import { api, describe, query } from './api';
import { announce } from './announce';
import { h, replace } from './dom';
import { decideMany } from './bulk';
import type { Verdict } from './decide';
import { createItemPanel } from './item-panel';
import { queueRow } from './queue-list';
import { createQueueFilters, filtersFrom, sameFilters, type QueueFilters } from './queue-filters';
import { go, hrefFor } from './router';
import { undoLatest } from './undo';
import type { AppContext, View } from './context';
import type { Counts, LiveEvent, Page, ReviewComment } from './types';

/** Polling while the live connection is down, and a slow check while it is up. */
const POLL_MS = 5_000;
const LIVE_POLL_MS = 60_000;
/** Side by side from this width; below it the list and the open item are views of their own. */
const WIDE = window.matchMedia('(min-width: 900px)');

/**
 * The review queue: filters and counts on top, the list, and the open item beside it (on a phone,
 * instead of it). Its filters and open item are its URL. Live events refresh it within a second;
 * polling takes over while they cannot. The moderator's place (open item, checked items, scroll)
 * survives every refresh.
 */
export function mountQueue(
  container: HTMLElement,
  ctx: AppContext,
  place: { params: URLSearchParams },
): View {
  let filters = filtersFrom(place.params);
  let items: ReviewComment[] = [];
  let nextCursor: string | null = null;
  let openId: string | null = place.params.get('item');
  const checked = new Set<string>();
  let counts: Counts | null = null;
  let error: string | null = null;
  let seq = 0;
  let lastRefresh = 0;
  let refreshTimer: number | undefined;

  const paramsWith = (item: string | null) => ({ ...filters, item });
  const panel = createItemPanel(ctx, {
    onDecided: (decided) => removeItems([decided.id]),
    onFilter: (change) => go('queue', { ...filters, ...change }),
    onBack: () => go('queue', paramsWith(null)),
  });
  const filterBar = createQueueFilters(ctx, (next: QueueFilters) => go('queue', { ...next }));
  const list = h('ul', { class: 'list', 'aria-label': 'Review queue', 'data-testid': 'queue' });
  const footer = h('div', { class: 'list-footer' });
  const bulkBar = h('div', { class: 'bulk' });
  const layout = h(
    'div',
    { class: 'queue-main' },
    h('section', { class: 'queue-list', 'aria-label': 'Comments' }, bulkBar, list, footer),
    panel.element,
  );
  const page = h(
    'div',
    { class: 'queue-layout' },
    h('h1', { class: 'visually-hidden' }, 'Review queue'),
    filterBar.element,
    layout,
  );
  container.append(page);

  const cursorIndex = () => items.findIndex((item) => item.id === openId);
  const draw = () => {
    filterBar.showCounts(counts);
    page.classList.toggle('item-open', openId !== null);
    const scroll = list.scrollTop;
    if (error) replace(list, h('li', { class: 'empty' }, error));
    else if (items.length === 0)
      replace(
        list,
        h(
          'li',
          { class: 'empty', 'data-testid': 'queue-empty' },
          filters.q ? 'No comment matches.' : 'Nothing here. The queue is clear.',
        ),
      );
    else
      replace(
        list,
        items.map((item) =>
          queueRow(
            item,
            ctx,
            {
              selected: item.id === openId,
              checked: checked.has(item.id),
              href: hrefFor('queue', paramsWith(item.id)),
            },
            (value) => {
              if (value) checked.add(item.id);
              else checked.delete(item.id);
              draw();
            },
          ),
        ),
      );
    list.scrollTop = scroll;
    replace(
      footer,
      nextCursor ? h('button', { class: 'ghost', onclick: () => void loadMore() }, 'Load more') : null,
    );
    const liveText = ctx.live.connected() ? 'Live' : 'Refreshing every 5 s';
    replace(
      bulkBar,
      checked.size === 0
        ? [
            h('span', { class: 'muted' }, `${items.length} shown · j/k to move · x to select · ? for help`),
            h('span', { class: 'live-state muted', 'data-testid': 'live-state' }, liveText),
          ]
        : [
            h('strong', null, `${checked.size} selected`),
            h('button', { class: 'approve small', onclick: () => void bulk('approve') }, 'Approve all…'),
            h('button', { class: 'reject small', onclick: () => void bulk('reject') }, 'Reject all…'),
            h('button', { class: 'spam small', onclick: () => void bulk('spam') }, 'Spam…'),
            h('button', { class: 'ghost small', onclick: () => (checked.clear(), draw()) }, 'Clear'),
          ],
    );
  };

  /** Opens the item at a place of the list: a new history entry, or in place for j and k. */
  const select = (index: number, replaceEntry: boolean) => {
    if (items.length === 0) return;
    const item = items[Math.max(0, Math.min(items.length - 1, index))]!;
    go('queue', paramsWith(item.id), { replace: replaceEntry });
  };
  const open = (id: string | null) => {
    openId = id;
    draw();
    if (id) {
      list.querySelector('.row.selected')?.scrollIntoView({ block: 'nearest' });
      // On a phone the item replaces the list: start at its top.
      if (!WIDE.matches) window.scrollTo(0, 0);
      void panel.show(id);
    } else panel.empty(items.length > 0 ? 'Select an item to review it.' : 'Nothing to review here.');
  };

  const removeItems = (ids: string[]) => {
    const gone = new Set(ids);
    const at = cursorIndex();
    items = items.filter((item) => !gone.has(item.id));
    for (const id of ids) checked.delete(id);
    // The next item slides into the place of the decided one: open it.
    if (openId !== null && gone.has(openId) && items.length > 0) select(at < 0 ? 0 : at, true);
    else draw();
    void refresh();
  };

  const fetchPage = (limit: number, after?: string) =>
    api<Page<ReviewComment>>('GET', `/v1/review/queue${query({ ...filters, limit, cursor: after })}`);

  /** Reloads what is shown (at least one page), keeping the open item; `reset` starts at the top. */
  async function refresh(reset = false): Promise<void> {
    const mine = ++seq;
    lastRefresh = Date.now();
    try {
      const [page, stats] = await Promise.all([
        fetchPage(Math.min(200, Math.max(50, reset ? 0 : items.length))),
        api<{ counts: Counts }>('GET', `/v1/review/stats${query({ siteId: filters.siteId })}`),
      ]);
      if (mine !== seq) return;
      items = page.items;
      nextCursor = page.nextCursor;
      counts = stats.counts;
      error = null;
      filterBar.learn(items);
      for (const id of [...checked]) if (!items.some((item) => item.id === id)) checked.delete(id);
      draw();
      // Side by side, the first item opens by itself; on a phone the list stays until one is tapped.
      if (openId === null && items.length > 0 && WIDE.matches) select(0, true);
      else if (openId === null)
        panel.empty(items.length > 0 ? 'Select an item to review it.' : 'Nothing to review here.');
      else if (reset) void panel.show(openId);
      else void panel.refresh();
    } catch (failure) {
      if (mine !== seq) return;
      error = describe(failure);
      draw();
    }
  }
  /** Many events at once (a burst of held comments) cost one refresh. */
  const refreshSoon = () => {
    window.clearTimeout(refreshTimer);
    refreshTimer = window.setTimeout(() => void refresh(), 200);
  };

  async function loadMore(): Promise<void> {
    if (!nextCursor) return;
    const page = await fetchPage(50, nextCursor);
    items = [...items, ...page.items.filter((item) => !items.some((known) => known.id === item.id))];
    nextCursor = page.nextCursor;
    draw();
  }

  async function bulk(verdict: Verdict): Promise<void> {
    const saved = await decideMany(
      items.filter((item) => checked.has(item.id)),
      verdict,
      ctx,
    );
    if (saved.length > 0) removeItems(saved);
  }

  const onLive = (event: LiveEvent) => {
    if (event.type === 'claimed' || event.type === 'released') {
      const item = items.find((one) => one.id === event.id);
      if (!item || event.by.moderatorId === ctx.me.id) return;
      item.claimedBy =
        event.type === 'claimed'
          ? { moderatorId: event.by.moderatorId, name: event.by.name, expiresAt: '' }
          : null;
      return draw();
    }
    if (event.type === 'held' && (filters.status === 'pending_review' || filters.status === 'all')) {
      const n = event.items.length;
      announce(`${n} new comment${n === 1 ? '' : 's'} held for review.`);
    }
    if (event.type === 'decided' && event.id === openId && event.by.moderatorId !== ctx.me.id) {
      announce(`${event.by.name} decided the comment you have open: now ${event.status.replace('_', ' ')}.`);
    }
    refreshSoon();
  };
  const unsubscribe = ctx.live.subscribe(onLive);
  // Coming up (again) may follow a gap in which events were missed: read the queue afresh.
  const unwatch = ctx.live.watch((connected) => (connected ? void refresh() : draw()));

  const onKey = (event: KeyboardEvent): boolean => {
    const at = cursorIndex();
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        select(at < 0 ? 0 : at + 1, true);
        return true;
      case 'k':
      case 'ArrowUp':
        select(at - 1, true);
        return true;
      case 'x': {
        const current = items[at];
        if (current) {
          if (checked.has(current.id)) checked.delete(current.id);
          else checked.add(current.id);
          draw();
        }
        return true;
      }
      case 'a':
      case 'r':
      case 's': {
        const verdict: Verdict = event.key === 'a' ? 'approve' : event.key === 'r' ? 'reject' : 'spam';
        if (checked.size > 0) void bulk(verdict);
        else void panel.decide(verdict);
        return true;
      }
      case 'z':
        void undoLatest().then((restored) => restored && refresh());
        return true;
      case '/':
        container.querySelector<HTMLInputElement>('[data-testid=search]')?.focus();
        return true;
      case 'u':
        void refresh();
        return true;
      case 'Escape':
        if (checked.size > 0) {
          checked.clear();
          draw();
        } else if (openId && !WIDE.matches) go('queue', paramsWith(null));
        return true;
      default:
        return false;
    }
  };

  const timer = window.setInterval(() => {
    if (document.visibilityState !== 'visible') return;
    const every = ctx.live.connected() ? LIVE_POLL_MS : POLL_MS;
    if (Date.now() - lastRefresh >= every - 100) void refresh();
  }, POLL_MS);
  filterBar.show(filters);
  if (openId) open(openId);
  void refresh(true);

  return {
    onKey,
    update(params) {
      const next = filtersFrom(params);
      const item = params.get('item');
      if (!sameFilters(next, filters)) {
        filters = next;
        checked.clear();
        filterBar.show(filters);
        openId = item;
        if (item) open(item);
        void refresh(true);
      } else if (item !== openId) open(item);
    },
    unmount() {
      // A refresh still on its way must not act once the view is gone: opening the first item
      // would take the moderator back to the queue from wherever they just went.
      seq++;
      window.clearInterval(timer);
      window.clearTimeout(refreshTimer);
      unsubscribe();
      unwatch();
      panel.close();
    },
  };
}
