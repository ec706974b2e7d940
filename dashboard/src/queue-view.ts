import { api, describe, query } from './api';
import { ago, h, replace, toast } from './dom';
import { DONE, sendDecision, type Verdict } from './decide';
import { askReason } from './prompt';
import { claimText } from './item-view';
import { createItemPanel } from './item-panel';
import { createQueueFilters, type QueueFilters } from './queue-filters';
import type { AppContext, View } from './context';
import type { Counts, Page, ReviewComment } from './types';

const POLL_MS = 5_000;

function row(
  item: ReviewComment,
  ctx: AppContext,
  state: { selected: boolean; checked: boolean },
  on: { select(): void; check(value: boolean): void },
) {
  const claim = claimText(item.claimedBy, ctx);
  const level = item.score === null ? 'none' : item.score >= 9 ? 'high' : item.score >= 3 ? 'mid' : 'low';
  return h(
    'li',
    {
      class: `row${state.selected ? ' selected' : ''}${state.checked ? ' checked' : ''}`,
      'data-id': item.id,
      'aria-selected': state.selected ? 'true' : 'false',
      role: 'option',
      onclick: (event: MouseEvent) => {
        if ((event.target as HTMLElement).closest('input')) return;
        on.select();
      },
    },
    h('input', {
      type: 'checkbox',
      checked: state.checked,
      'aria-label': 'Select for a bulk decision',
      onchange: (event: Event) => on.check((event.target as HTMLInputElement).checked),
    }),
    h('span', { class: `score score-${level}` }, item.score === null ? '–' : item.score.toFixed(1)),
    h(
      'div',
      { class: 'row-body' },
      h('p', { class: 'excerpt' }, item.content.slice(0, 240)),
      h(
        'p',
        { class: 'meta' },
        h('span', null, ctx.siteName(item.siteId)),
        h('span', null, item.author.name ?? 'anonymous'),
        item.thread.title ? h('span', { class: 'clip' }, item.thread.title) : null,
        h('time', { datetime: item.receivedAt }, ago(item.receivedAt)),
      ),
      h(
        'p',
        { class: 'codes' },
        item.signals.slice(0, 4).map((signal) => h('code', { 'data-check': signal.check }, signal.code)),
        item.signals.length > 4 ? h('span', { class: 'muted' }, `+${item.signals.length - 4}`) : null,
        claim && item.claimedBy?.moderatorId !== ctx.me.id ? h('span', { class: 'pill claim' }, claim) : null,
      ),
    ),
  );
}

/**
 * The review queue: filters and counts on top, the list on the left, the open item on the right.
 * It polls every few seconds and keeps the moderator's place: the open item, the checked items
 * and the scroll position survive every refresh.
 */
export function mountQueue(container: HTMLElement, ctx: AppContext): View {
  let items: ReviewComment[] = [];
  let nextCursor: string | null = null;
  let selectedId: string | null = null;
  let cursor = 0;
  const checked = new Set<string>();
  let counts: Counts | null = null;
  let error: string | null = null;
  let seq = 0;

  const panel = createItemPanel(ctx, {
    onDecided: (decided) => {
      removeItems([decided.id]);
      void refresh();
    },
    onFilter: (change) => filters.set(change),
  });
  const filters = createQueueFilters(ctx, () => {
    checked.clear();
    selectedId = null;
    cursor = 0;
    void refresh(true);
  });
  const list = h('ul', {
    class: 'list',
    role: 'listbox',
    'aria-label': 'Review queue',
    tabindex: '0',
    'data-testid': 'queue',
  });
  const footer = h('div', { class: 'list-footer' });
  const bulkBar = h('div', { class: 'bulk' });
  container.append(
    h(
      'div',
      { class: 'queue-layout' },
      filters.element,
      h(
        'div',
        { class: 'queue-main' },
        h('div', { class: 'queue-list' }, bulkBar, list, footer),
        panel.element,
      ),
    ),
  );

  const draw = () => {
    filters.showCounts(counts);
    const scroll = list.scrollTop;
    if (error) replace(list, h('li', { class: 'empty' }, error));
    else if (items.length === 0)
      replace(
        list,
        h('li', { class: 'empty', 'data-testid': 'queue-empty' }, 'Nothing here. The queue is clear.'),
      );
    else
      replace(
        list,
        items.map((item, index) =>
          row(
            item,
            ctx,
            { selected: item.id === selectedId, checked: checked.has(item.id) },
            {
              select: () => select(index),
              check: (value) => {
                if (value) checked.add(item.id);
                else checked.delete(item.id);
                draw();
              },
            },
          ),
        ),
      );
    list.scrollTop = scroll;
    replace(
      footer,
      nextCursor ? h('button', { class: 'ghost', onclick: () => void loadMore() }, 'Load more') : null,
    );
    replace(
      bulkBar,
      checked.size === 0
        ? h('span', { class: 'muted' }, `${items.length} shown · j/k to move · x to select · ? for help`)
        : [
            h('strong', null, `${checked.size} selected`),
            h(
              'button',
              { class: 'approve small', onclick: () => void decideMany([...checked], 'approve') },
              'Approve all',
            ),
            h(
              'button',
              { class: 'reject small', onclick: () => void decideMany([...checked], 'reject') },
              'Reject all…',
            ),
            h(
              'button',
              { class: 'spam small', onclick: () => void decideMany([...checked], 'spam') },
              'Spam',
            ),
            h('button', { class: 'ghost small', onclick: () => (checked.clear(), draw()) }, 'Clear'),
          ],
    );
  };

  const select = (index: number) => {
    if (items.length === 0) return;
    cursor = Math.max(0, Math.min(items.length - 1, index));
    const item = items[cursor]!;
    selectedId = item.id;
    draw();
    list.querySelector('.row.selected')?.scrollIntoView({ block: 'nearest' });
    void panel.show(item.id);
  };

  const removeItems = (ids: string[]) => {
    const gone = new Set(ids);
    const selectedGone = selectedId !== null && gone.has(selectedId);
    items = items.filter((item) => !gone.has(item.id));
    for (const id of ids) checked.delete(id);
    // The next item slides into the place of the decided one: open it.
    if (selectedGone) select(cursor);
    else draw();
  };

  const fetchPage = (f: QueueFilters, limit: number, after?: string) =>
    api<Page<ReviewComment>>('GET', `/v1/review/queue${query({ ...f, limit, cursor: after })}`);

  /** Reloads what is shown (at least one page), keeping the selection; `reset` starts over at the top. */
  async function refresh(reset = false): Promise<void> {
    const mine = ++seq;
    const f = filters.value();
    try {
      const [page, stats] = await Promise.all([
        fetchPage(f, Math.min(200, Math.max(50, reset ? 0 : items.length))),
        api<{ counts: Counts }>('GET', `/v1/review/stats${query({ siteId: f.siteId })}`),
      ]);
      if (mine !== seq) return;
      items = page.items;
      nextCursor = page.nextCursor;
      counts = stats.counts;
      error = null;
      filters.learnCodes(items);
      for (const id of [...checked]) if (!items.some((item) => item.id === id)) checked.delete(id);
      const at = items.findIndex((item) => item.id === selectedId);
      if (at >= 0) cursor = at;
      draw();
      if (selectedId === null && items.length > 0) select(0);
      else if (items.length === 0 && selectedId === null) panel.empty('Select an item to review it.');
      else void panel.refresh();
    } catch (failure) {
      if (mine !== seq) return;
      error = describe(failure);
      draw();
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor) return;
    const page = await fetchPage(filters.value(), 50, nextCursor);
    items = [...items, ...page.items.filter((item) => !items.some((known) => known.id === item.id))];
    nextCursor = page.nextCursor;
    draw();
  }

  /** Decides the checked items, each on the version shown; reports those a colleague decided first. */
  async function decideMany(ids: string[], verdict: Verdict): Promise<void> {
    let reason: string | undefined;
    if (verdict === 'reject') {
      const answer = await askReason(`Reject ${ids.length} comments`);
      if (answer === null) return;
      reason = answer;
    }
    const targets = items.filter((item) => ids.includes(item.id));
    const results = await Promise.all(targets.map((item) => sendDecision(item, verdict, reason)));
    const saved = targets.filter((_, index) => results[index]!.ok).map((item) => item.id);
    const conflicts = results.filter((result) => !result.ok && result.conflict).length;
    const failed = results.length - saved.length - conflicts;
    toast(
      [
        `${saved.length} ${DONE[verdict]}`,
        conflicts ? `${conflicts} not saved: decided by someone else first` : '',
        failed ? `${failed} failed` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      conflicts || failed ? 'error' : 'ok',
    );
    removeItems(saved);
    void refresh();
  }

  const onKey = (event: KeyboardEvent): boolean => {
    const current = items[cursor];
    switch (event.key) {
      case 'j':
      case 'ArrowDown':
        select(selectedId === null || items[cursor]?.id !== selectedId ? cursor : cursor + 1);
        return true;
      case 'k':
      case 'ArrowUp':
        select(cursor - 1);
        return true;
      case 'x':
        if (current) {
          if (checked.has(current.id)) checked.delete(current.id);
          else checked.add(current.id);
          draw();
        }
        return true;
      case 'a':
      case 'r':
      case 's': {
        const verdict: Verdict = event.key === 'a' ? 'approve' : event.key === 'r' ? 'reject' : 'spam';
        if (checked.size > 0) void decideMany([...checked], verdict);
        else void panel.decide(verdict);
        return true;
      }
      case 'u':
        void refresh();
        return true;
      case 'Escape':
        checked.clear();
        draw();
        return true;
      default:
        return false;
    }
  };

  const timer = window.setInterval(() => {
    if (document.visibilityState === 'visible') void refresh();
  }, POLL_MS);
  void refresh(true);

  return {
    onKey,
    unmount() {
      window.clearInterval(timer);
      panel.close();
    },
  };
}
