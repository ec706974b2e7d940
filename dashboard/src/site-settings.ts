import { api } from './api';
import { h, toast } from './dom';
import { clearErrors, field, showErrors } from './forms';
import { policyFields, policySchema } from './policy-form';
import { createPolicyPreviewPanel } from './policy-preview-view';
import type { Site } from './site-types';

/** A site's name, callback URL and whole policy; the API's validation errors show at their fields. */
export async function siteSettingsForm(site: Site, onSaved: (site: Site) => void): Promise<HTMLElement> {
  const { schema } = await policySchema();
  const name = h('input', { value: site.name, maxlength: 200 });
  const callback = h('input', {
    type: 'url',
    value: site.callbackUrl ?? '',
    placeholder: 'https://example.com/moderation-callback',
  });
  const policy = policyFields(schema, site.policy);
  const general = h('p', { class: 'form-error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card settings',
      novalidate: true,
      'data-testid': 'site-settings',
      'aria-labelledby': `settings-${site.id}`,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          const saved = await api<Site>('PATCH', `/v1/sites/${site.id}`, {
            name: name.value,
            callbackUrl: callback.value.trim() || null,
            policy: policy.read(),
          });
          clearErrors(form);
          general.textContent = '';
          toast('Settings saved.');
          onSaved(saved);
        } catch (error) {
          general.textContent = showErrors(form, error).join(' ');
        }
      },
    },
    h('h2', { id: `settings-${site.id}` }, `${site.name}: settings`),
    h('p', { class: 'muted' }, h('code', null, site.id)),
    h(
      'div',
      { class: 'form-grid' },
      field('Name', 'name', name),
      field('Callback URL', 'callbackUrl', callback, 'verdicts are POSTed here, signed'),
    ),
    policy.sections,
    // Before saving: what the settings the form holds would have done to the stored comments.
    createPolicyPreviewPanel(site.id, policy.read, (error) => {
      if (error === null) clearErrors(form);
      general.textContent = error === null ? '' : showErrors(form, error).join(' ');
    }),
    general,
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings')),
  );
  return form;
}
