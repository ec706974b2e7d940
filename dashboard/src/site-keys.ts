import { api, describe } from './api';
import { h, replace, toast } from './dom';
import { confirmAction } from './dialog';
import { secretBox } from './forms';
import type { Site } from './site-types';

/**
 * Rotation of a site's API key (the old one working on for a grace period, or revoked at once) and
 * of its webhook secret; each new secret is shown once.
 */
export function siteKeysCard(site: Site): HTMLElement {
  const shown = h('div');
  const grace = h(
    'select',
    { 'aria-label': 'The old key' },
    h('option', { value: '' }, 'keeps working for the grace period'),
    h('option', { value: '0' }, 'stops at once (it leaked)'),
  );
  /** Asks, rotates, and shows the new secret once. */
  const rotate = async (
    ask: { title: string; message: string; confirm: string; kind: 'primary' | 'danger' },
    work: () => Promise<[string, Array<[string, string]>]>,
  ) => {
    if (!(await confirmAction(ask.title, ask.message, ask.confirm, ask.kind))) return;
    try {
      const [title, entries] = await work();
      replace(shown, secretBox(title, entries));
      toast(`${title}: copy it now.`);
    } catch (error) {
      toast(describe(error), 'error');
    }
  };
  const rotateKey = () => {
    const now = grace.value === '0';
    return rotate(
      {
        title: 'Rotate the API key?',
        message: now
          ? 'The old key stops working at once: the site refuses comments until it has the new one.'
          : 'The old key keeps working for the grace period, so the site can deploy the new one.',
        confirm: 'Rotate the key',
        kind: now ? 'danger' : 'primary',
      },
      async () => {
        const answer = await api<{ apiKey: string; previousKeyValidUntil: string | null }>(
          'POST',
          `/v1/sites/${site.id}/rotate-key`,
          now ? { graceSeconds: 0 } : {},
        );
        return [
          'New API key',
          [
            ['API key', answer.apiKey],
            ['Old key works until', answer.previousKeyValidUntil ?? 'stopped'],
          ],
        ];
      },
    );
  };
  const rotateSecret = () =>
    rotate(
      {
        title: 'Rotate the webhook secret?',
        message:
          'Callbacks are signed with the new and the old secret for the grace period, so the site can deploy the new one.',
        confirm: 'Rotate the secret',
        kind: 'primary',
      },
      async () => {
        const answer = await api<{ webhookSecret: string; previousSecretValidUntil: string | null }>(
          'POST',
          `/v1/sites/${site.id}/rotate-secret`,
        );
        return [
          'New webhook secret',
          [
            ['Webhook secret', answer.webhookSecret],
            ['Old secret also signs until', answer.previousSecretValidUntil ?? 'stopped'],
          ],
        ];
      },
    );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `keys-${site.id}` },
    h('h2', { id: `keys-${site.id}` }, 'Keys and secrets'),
    h(
      'div',
      { class: 'row wrap' },
      h('label', { class: 'inline' }, 'When rotated, the old key ', grace),
      h('button', { class: 'small', onclick: () => void rotateKey() }, 'Rotate API key…'),
    ),
    h(
      'div',
      { class: 'row wrap' },
      h('button', { class: 'small', onclick: () => void rotateSecret() }, 'Rotate webhook secret…'),
    ),
    shown,
  );
}
