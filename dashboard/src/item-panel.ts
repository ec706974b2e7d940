import { api, ApiError, describe } from './api';
import { h, replace, toast, STATUS_LABEL, type Child } from './dom';
import { askRejection, confirmAction } from './dialog';
import { decisionMessage, sendDecision, type Verdict } from './decide';
import { renderItem } from './item-view';
import { appealsBlock, reasonBanners, revisionsBlock } from './item-workflows';
import { createAuthorPanel } from './author-panel';
import { undoLatest } from './undo';
import type { AppContext } from './context';
import type { Claim, ReviewComment, ReviewItem } from './types';

export interface ItemPanelHooks {
  /** A decision of this moderator was saved. */
  onDecided?(item: ReviewComment): void;
  onFilter?(filter: { threadId?: string; authorId?: string }): void;
  /** On a phone, back from the item to the list. */
  onBack?(): void;
}

/**
 * One open review item: loads it, claims it while it is open (renewing the claim), decides it (asking
 * first when a colleague has it open), offers to undo, and shows a colleague's earlier decision (409)
 * with the fresh state instead of clobbering it.
 */
export function createItemPanel(ctx: AppContext, hooks: ItemPanelHooks = {}) {
  const element = h('section', { class: 'panel', 'data-testid': 'item-panel', 'aria-label': 'Open item' });
  let item: ReviewItem | null = null;
  let banners: Child[] = [];
  let claimedId: string | null = null;
  let renewTimer: number | undefined;
  let loadSeq = 0;
  let busy = false;
  // Kept while the same item is open, so redrawing (claims, refreshes) does not read the author again.
  let author: { itemId: string; element: HTMLElement } | null = null;

  const authorPanel = (open: ReviewItem) => {
    if (!open.authorKey) return null;
    if (author?.itemId !== open.id) {
      const reload = () => void load(open.id, true);
      const who = { siteId: open.siteId, authorKey: open.authorKey };
      author = { itemId: open.id, element: createAuthorPanel(ctx, who, reload) };
    }
    return author.element;
  };

  const draw = () => {
    if (!item) return;
    const note = element.querySelector<HTMLInputElement>('[data-testid=decision-note]')?.value ?? '';
    replace(
      element,
      renderItem(
        item,
        ctx,
        {
          onDecide: (verdict) => void decide(verdict),
          onFilter: hooks.onFilter,
          onBack: hooks.onBack,
          onChanged: () => item && void load(item.id, true),
        },
        [...reasonBanners(item), ...banners],
        [h('div', { class: 'columns' }, revisionsBlock(item), appealsBlock(item, ctx)), authorPanel(item)],
      ),
    );
    // A redraw (a refresh, a colleague's claim) keeps a note being typed.
    const input = element.querySelector<HTMLInputElement>('[data-testid=decision-note]');
    if (input) input.value = note;
  };
  const banner = (kind: 'conflict' | 'info' | 'error', ...text: Child[]) =>
    h('div', { class: `banner banner-${kind}`, 'data-testid': kind }, text);

  const release = () => {
    window.clearInterval(renewTimer);
    if (claimedId)
      void api('DELETE', `/v1/review/items/${claimedId}/claim`, undefined, { keepalive: true }).catch(
        () => undefined,
      );
    claimedId = null;
  };

  /** Claims the open item, or learns who holds it; renewed at half the claim's lifetime. */
  const claim = async (id: string) => {
    try {
      const answer = await api<{ claimedBy: Claim; ttlSeconds: number }>(
        'POST',
        `/v1/review/items/${id}/claim`,
      );
      if (item?.id !== id) return;
      claimedId = id;
      item.claimedBy = answer.claimedBy;
      window.clearInterval(renewTimer);
      renewTimer = window.setInterval(() => void claim(id), (answer.ttlSeconds * 1000) / 2);
    } catch (error) {
      if (item?.id !== id) return;
      if (error instanceof ApiError && error.problem.code === 'already_claimed') {
        item.claimedBy = error.problem.claimedBy ?? null;
        draw();
        window.clearInterval(renewTimer);
        // Try again later: the colleague's claim may lapse.
        renewTimer = window.setInterval(() => void claim(id), 15_000);
      }
    }
  };

  const load = async (id: string, keepBanners = false): Promise<ReviewItem | null> => {
    const seq = ++loadSeq;
    try {
      const fresh = await api<ReviewItem>('GET', `/v1/review/items/${id}`);
      if (seq !== loadSeq) return null;
      item = fresh;
      if (!keepBanners) banners = [];
      draw();
      return fresh;
    } catch (error) {
      if (seq !== loadSeq) return null;
      item = null;
      replace(element, banner('error', describe(error)));
      return null;
    }
  };

  async function decide(verdict: Verdict): Promise<void> {
    const target = item;
    if (!target || busy) return;
    const noteInput = element.querySelector<HTMLInputElement>('[data-testid=decision-note]');
    let extra = { reason: '', note: noteInput?.value ?? '' };
    const holder = target.claimedBy;
    if (holder && holder.moderatorId !== ctx.me.id) {
      const go = await confirmAction(
        `${holder.name} has this comment open`,
        `${holder.name} may be deciding it right now. Decide it anyway?`,
        'Decide anyway',
      );
      if (!go) return;
    }
    if (verdict === 'reject') {
      const answer = await askRejection('Reject this comment', extra.note);
      if (answer === null) return;
      extra = answer;
    }
    busy = true;
    try {
      const result = await sendDecision(target, verdict, extra);
      if (result.ok) {
        toast(
          decisionMessage(verdict, result.changed),
          'ok',
          result.changed
            ? {
                label: 'Undo',
                run: () =>
                  void undoLatest(target.id).then(() => {
                    if (item?.id === target.id) void load(target.id);
                  }),
              }
            : undefined,
        );
        if (!result.changed) return;
        release();
        hooks.onDecided?.(result.item);
        if (item?.id === target.id) await load(target.id);
        return;
      }
      if (result.conflict) {
        const now = result.conflict;
        banners = [
          banner(
            'conflict',
            h('strong', null, 'Not saved: someone else decided this comment first. '),
            `It is now ${STATUS_LABEL[now.status] ?? now.status} (version ${now.version}). Check the history below; decide again only if you disagree.`,
          ),
        ];
        toast('Not saved: someone else decided this comment first.', 'error');
        await load(target.id, true);
        if (item?.id === target.id && item.version < now.version) Object.assign(item, now);
        draw();
      } else {
        banners = [banner('error', result.message)];
        draw();
      }
    } finally {
      busy = false;
    }
  }

  return {
    element,
    current: () => item,
    decide,
    /** Opens an item: shows it, claims it, and gives up the previous one's claim. */
    async show(id: string): Promise<void> {
      if (item?.id === id) return;
      release();
      item = null;
      banners = [];
      element.replaceChildren(h('p', { class: 'muted pad' }, 'Loading…'));
      if (await load(id)) await claim(id);
    },
    /** Re-reads the open item; says so when a colleague changed it meanwhile. */
    async refresh(): Promise<void> {
      if (!item || busy) return;
      const before = item;
      const fresh = await load(before.id, true);
      if (fresh && fresh.version !== before.version && banners.length === 0) {
        banners = [
          banner(
            'info',
            `Changed while you looked: now ${STATUS_LABEL[fresh.status] ?? fresh.status} (version ${fresh.version}).`,
          ),
        ];
        draw();
      }
    },
    empty(message: string): void {
      release();
      item = null;
      replace(element, h('div', { class: 'empty' }, message));
    },
    close: release,
  };
}

export type ItemPanel = ReturnType<typeof createItemPanel>;
