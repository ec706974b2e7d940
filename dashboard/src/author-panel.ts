import { api, describe } from './api';
import { ago, h, replace, toast, when, STATUS_LABEL } from './dom';
import type { AppContext } from './context';
import type { AuthorAction, AuthorView, Status } from './types';

type ActionKind = AuthorAction['action'];

const ACTIONS: Array<{ action: ActionKind; label: string; tone: string }> = [
  { action: 'trust', label: 'Trust', tone: 'ghost' },
  { action: 'premoderate', label: 'Premoderate', tone: 'ghost' },
  { action: 'suspend', label: 'Suspend until…', tone: 'ghost' },
  { action: 'ban', label: 'Ban', tone: 'danger' },
  { action: 'clear', label: 'Clear standing', tone: 'ghost' },
  { action: 'reject_pending', label: 'Reject all pending', tone: 'danger' },
];

const STANDING_LABEL: Record<string, string> = {
  trusted: 'Trusted by a moderator',
  premoderate: 'Premoderated: every comment waits for a moderator',
  suspended: 'Suspended',
  banned: 'Banned',
};

const DONE: Record<ActionKind, string> = {
  trust: 'trusted',
  premoderate: 'premoderated',
  suspend: 'suspended',
  ban: 'banned',
  clear: 'cleared',
  reject_pending: 'rejected all pending comments of',
};

function actionRow(action: AuthorAction, ctx: AppContext): HTMLElement {
  return h(
    'li',
    { 'data-action': action.action },
    h('time', { datetime: action.createdAt, title: when(action.createdAt) }, ago(action.createdAt)),
    ' ',
    h('strong', null, ctx.moderatorName(action.moderatorId)),
    ` ${DONE[action.action]} the author`,
    action.until ? ` until ${when(action.until)}` : '',
    action.affected !== null ? ` (${action.affected})` : '',
    h('span', { class: 'muted' }, ` · ${action.reason}`),
  );
}

/**
 * The author of a review item, on its site: their standing, comments per status, the actions
 * moderators took on them (who, when, why), and the buttons to take one, each with a reason.
 * `onActed` lets the page re-read the item (reject_pending changes it).
 */
export function createAuthorPanel(
  ctx: AppContext,
  author: { siteId: string; authorKey: string },
  onActed: () => void,
): HTMLElement {
  const element = h('section', { class: 'author-panel', 'data-testid': 'author-panel' });
  const path = `/v1/authors/${encodeURIComponent(author.authorKey)}?siteId=${author.siteId}`;
  const reason = h('input', {
    type: 'text',
    maxlength: 500,
    placeholder: 'Why (kept in the audit)',
    'aria-label': 'Reason for the action',
    'data-testid': 'author-reason',
  });
  const until = h('input', { type: 'datetime-local', 'aria-label': 'Suspended until' });
  const message = h('p', { class: 'form-error', role: 'alert' });

  const act = async (action: ActionKind) => {
    message.textContent = '';
    if (!reason.value.trim()) {
      message.textContent = 'Say why: the reason is kept in the audit.';
      reason.focus();
      return;
    }
    if (action === 'suspend' && !until.value) {
      message.textContent = 'Choose until when the author is suspended.';
      until.focus();
      return;
    }
    try {
      await api('POST', `/v1/authors/${encodeURIComponent(author.authorKey)}/actions`, {
        siteId: author.siteId,
        action,
        reason: reason.value.trim(),
        until: action === 'suspend' ? new Date(until.value).toISOString() : undefined,
      });
      toast(`Author ${DONE[action]}.`);
      reason.value = '';
      await load();
      onActed();
    } catch (error) {
      message.textContent = describe(error);
    }
  };

  const draw = (view: AuthorView) => {
    const counts = (Object.entries(view.counts) as Array<[Status, number]>).filter(([, count]) => count > 0);
    replace(
      element,
      h('h3', null, 'Actions on the author'),
      h(
        'p',
        { 'data-testid': 'author-standing' },
        view.standing
          ? [
              h('strong', null, STANDING_LABEL[view.standing.kind] ?? view.standing.kind),
              view.standing.until ? ` until ${when(view.standing.until)}` : '',
              h('span', { class: 'muted' }, ` · ${view.standing.reason}`),
            ]
          : h('span', { class: 'muted' }, 'No standing set: the policy decides.'),
      ),
      h(
        'p',
        { class: 'counts' },
        counts.map(([status, count]) =>
          h('span', { class: `pill status-${status}` }, `${count} ${STATUS_LABEL[status] ?? status}`),
        ),
      ),
      h(
        'div',
        { class: 'author-actions' },
        reason,
        until,
        ACTIONS.map(({ action, label, tone }) =>
          h(
            'button',
            { class: `small ${tone}`, 'data-action': action, onclick: () => void act(action) },
            label,
          ),
        ),
      ),
      message,
      view.actions.length === 0
        ? h('p', { class: 'muted' }, 'No action taken on this author yet.')
        : h(
            'ol',
            { class: 'timeline', 'data-testid': 'author-actions' },
            view.actions.map((a) => actionRow(a, ctx)),
          ),
    );
  };

  const load = async () => {
    try {
      draw(await api<AuthorView>('GET', path));
    } catch (error) {
      replace(element, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };
  void load();
  return element;
}
