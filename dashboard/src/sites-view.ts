import { api, describe } from './api';
import { mountMasterDetail } from './master-detail';
import { h, replace } from './dom';
import { clearErrors, field, secretBox, showErrors } from './forms';
import { siteSettingsForm } from './site-settings';
import { siteKeysCard } from './site-keys';
import { siteDeliveriesCard } from './site-deliveries';
import type { Site } from './site-types';
import type { AppContext, View } from './context';

/** A site's panel: its settings (policy included), its keys and secrets, its callback deliveries. */
function sitePanel(site: Site, onSaved: (site: Site) => void): HTMLElement {
  const settings = h('div', { class: 'card' }, h('p', { class: 'muted' }, 'Loading the settings…'));
  siteSettingsForm(site, onSaved).then(
    (form) => settings.replaceWith(form),
    (error: unknown) => replace(settings, h('p', { class: 'banner banner-error' }, describe(error))),
  );
  return h('div', { class: 'site-panel' }, settings, siteKeysCard(site), siteDeliveriesCard(site));
}

/** Admins: every site, its settings, and a form for a new site. */
export function mountSites(container: HTMLElement, _ctx: AppContext): View {
  const newName = h('input', { maxlength: 200, placeholder: 'Site name' });
  const newCallback = h('input', { type: 'url', placeholder: 'Callback URL (optional)' });
  const created = h('div');
  const createForm: HTMLFormElement = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          const site = await api<Site & { apiKey: string; webhookSecret: string }>('POST', '/v1/sites', {
            name: newName.value,
            callbackUrl: newCallback.value.trim() || undefined,
          });
          clearErrors(createForm);
          createForm.reset();
          replace(
            created,
            secretBox(`Site “${site.name}” created`, [
              ['API key', site.apiKey],
              ['Webhook secret', site.webhookSecret],
            ]),
          );
          await page.select(site.id);
        } catch (error) {
          replace(created, h('p', { class: 'form-error' }, showErrors(createForm, error).join(' ')));
        }
      },
    },
    h('h2', null, 'New site'),
    field('Name', 'name', newName),
    field('Callback URL', 'callbackUrl', newCallback),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, 'Create site')),
  );
  const page = mountMasterDetail<Site>(container, {
    title: 'Sites',
    empty: 'Choose a site.',
    path: '/v1/sites?limit=200',
    label: (site) => [site.name],
    panel: (site, actions) => sitePanel(site, actions.saved),
    aside: [createForm, created],
    selectFirst: true,
  });
  return {};
}
