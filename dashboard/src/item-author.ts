import { api, describe } from './api';
import { ago, h, safeHref, statusPill, STATUS_LABEL, toast, type Child } from './dom';
import type { AppContext } from './context';
import type { ReviewItem } from './types';

/** What the author part of an item may ask: a filter, or to be drawn again after a note changed. */
export interface AuthorHooks {
  onFilter?(filter: { threadId?: string; authorId?: string }): void;
  onChanged(): void;
}

/** Where the comment was written and by whom: thread, author, e-mail, URL (as text), IP, ids. */
export function contextBlock(item: ReviewItem, hooks: AuthorHooks): Child {
  const { thread } = item;
  const href = safeHref(thread.url);
  const title = thread.title ?? thread.id ?? 'Untitled thread';
  const filterButton = (label: string, filter: { threadId?: string; authorId?: string }) =>
    hooks.onFilter ? h('button', { class: 'link', onclick: () => hooks.onFilter?.(filter) }, label) : null;
  return h(
    'dl',
    { class: 'facts' },
    h('dt', null, 'Thread'),
    h(
      'dd',
      null,
      href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer nofollow' }, title) : title,
      thread.id ? filterButton('only this thread', { threadId: thread.id }) : null,
    ),
    h('dt', null, 'Author'),
    h(
      'dd',
      null,
      item.author.name ?? 'anonymous',
      item.author.id ? h('span', { class: 'muted' }, ` · id ${item.author.id}`) : null,
      item.author.id ? filterButton('only this author', { authorId: item.author.id }) : null,
    ),
    item.author.email ? [h('dt', null, 'E-mail'), h('dd', { class: 'break' }, item.author.email)] : null,
    // The author's URL is theirs to choose: shown as text, never as a link.
    item.author.url ? [h('dt', null, 'Author URL'), h('dd', { class: 'break' }, item.author.url)] : null,
    item.author.ip ? [h('dt', null, 'IP'), h('dd', null, item.author.ip)] : null,
    h('dt', null, 'Comment id'),
    h('dd', null, h('code', null, item.externalId)),
  );
}

/** The author's track record on the site: counts, notes by moderators (with a form), earlier comments. */
export function authorBlock(item: ReviewItem, ctx: AppContext, hooks: AuthorHooks): Child {
  const history = item.authorHistory;
  if (!history)
    return h('p', { class: 'muted' }, 'The site sent no author id or e-mail: no history, no notes.');
  const counts = Object.entries(history.counts).filter(([, count]) => count > 0);
  return [
    h(
      'p',
      { class: 'counts' },
      counts.map(([status, count]) =>
        h('span', { class: `pill status-${status}` }, `${count} ${STATUS_LABEL[status] ?? status}`),
      ),
    ),
    notesBlock(item, ctx, hooks),
    history.recent.length === 0
      ? h('p', { class: 'muted' }, 'No earlier comment.')
      : h(
          'ul',
          { class: 'history' },
          history.recent.map((other) =>
            h(
              'li',
              null,
              statusPill(other.status),
              h('span', { class: 'excerpt' }, other.content.slice(0, 200)),
              h('time', { class: 'muted', datetime: other.receivedAt }, ago(other.receivedAt)),
            ),
          ),
        ),
  ];
}

function notesBlock(item: ReviewItem, ctx: AppContext, hooks: AuthorHooks): HTMLElement {
  const notes = item.authorHistory?.notes ?? [];
  const body = h('textarea', {
    rows: 2,
    maxlength: 2000,
    'aria-label': 'A note on this author',
    placeholder: 'A note on this author, for colleagues',
  });
  const add = async (event: SubmitEvent) => {
    event.preventDefault();
    if (!body.value.trim()) return;
    try {
      await api('POST', `/v1/review/items/${item.id}/author-notes`, { body: body.value });
      toast('Note saved.');
      hooks.onChanged();
    } catch (error) {
      toast(describe(error), 'error');
    }
  };
  const remove = async (id: string) => {
    try {
      await api('DELETE', `/v1/review/author-notes/${id}`);
      hooks.onChanged();
    } catch (error) {
      toast(describe(error), 'error');
    }
  };
  return h(
    'div',
    { class: 'notes', 'data-testid': 'author-notes' },
    notes.length
      ? h(
          'ul',
          { class: 'note-list' },
          notes.map((note) =>
            h(
              'li',
              null,
              h('p', null, note.body),
              h(
                'p',
                { class: 'muted small' },
                `${ctx.moderatorName(note.moderatorId)} · ${ago(note.createdAt)}`,
                note.moderatorId === ctx.me.id || ctx.isAdmin
                  ? h('button', { class: 'link', onclick: () => void remove(note.id) }, 'delete')
                  : null,
              ),
            ),
          ),
        )
      : null,
    h(
      'form',
      { class: 'note-form', onsubmit: (event: SubmitEvent) => void add(event) },
      body,
      h('button', { type: 'submit', class: 'small' }, 'Add note'),
    ),
  );
}
