import { showRows } from './table';
import { api, describe, query } from './api';
import { ago, h, replace, toast, when } from './dom';
import type { Page } from './types';
import type { Site } from './site-types';

interface Delivery {
  id: string;
  commentId: string;
  version: number;
  status: 'pending' | 'delivered' | 'failed' | 'cancelled';
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  attempts: {
    count: number;
    last: { attemptedAt: string; statusCode: number | null; error: string | null } | null;
  };
}

/**
 * The site's callback delivery log: each verdict event, its status, attempts and last error, with
 * Redeliver; and why callbacks are disabled, when they are. Failing callbacks are seen here.
 */
export function siteDeliveriesCard(site: Site): HTMLElement {
  const status = h(
    'select',
    { 'aria-label': 'Delivery status' },
    [
      ['', 'All deliveries'],
      ['failed', 'Failed'],
      ['pending', 'Pending'],
      ['delivered', 'Delivered'],
      ['cancelled', 'Cancelled'],
    ].map(([value, label]) => h('option', { value }, label)),
  );
  const body = h('div', { 'data-testid': 'deliveries' });
  const redeliver = async (delivery: Delivery) => {
    try {
      await api('POST', `/v1/sites/${site.id}/deliveries/${delivery.id}/redeliver`);
      toast('Sent again.');
      void load();
    } catch (error) {
      toast(describe(error), 'error');
    }
  };
  const lastAttempt = (d: Delivery) => {
    const last = d.attempts.last;
    if (!last) return 'not tried yet';
    const outcome = last.statusCode ? `HTTP ${last.statusCode}` : (last.error ?? 'error');
    return `${d.attempts.count} × · last ${ago(last.attemptedAt)}: ${outcome}`;
  };
  const load = async () => {
    try {
      const page = await api<Page<Delivery>>(
        'GET',
        `/v1/sites/${site.id}/deliveries${query({ status: status.value, limit: 50 })}`,
      );
      showRows(body, {
        headers: ['When', 'Comment', 'Status', 'Attempts', 'Last error', ''],
        rows: page.items.map((d) =>
          h(
            'tr',
            { 'data-status': d.status },
            h('td', { title: when(d.createdAt) }, ago(d.createdAt)),
            h('td', null, h('a', { href: `#/item/${d.commentId}` }, `version ${d.version}`)),
            h('td', null, h('span', { class: `pill delivery-${d.status}` }, d.status)),
            h('td', null, lastAttempt(d)),
            h('td', { class: 'break' }, d.lastError ?? ''),
            h('td', null, h('button', { class: 'small', onclick: () => void redeliver(d) }, 'Redeliver')),
          ),
        ),
        empty: site.callbackUrl ? 'No delivery matches.' : 'The site has no callback URL: nothing is sent.',
      });
    } catch (error) {
      replace(body, h('p', { class: 'banner banner-error' }, describe(error)));
    }
  };
  status.addEventListener('change', () => void load());
  void load();
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `deliveries-${site.id}` },
    h(
      'div',
      { class: 'row spread' },
      h('h2', { id: `deliveries-${site.id}` }, 'Callback deliveries'),
      status,
    ),
    site.callbackDisabled
      ? h(
          'p',
          { class: 'banner banner-error', 'data-testid': 'callback-disabled' },
          h('strong', null, `Callbacks disabled since ${when(site.callbackDisabled.at)}: `),
          site.callbackDisabled.reason || 'no reason given',
          '. Set the callback URL again to resume them.',
        )
      : null,
    body,
  );
}
