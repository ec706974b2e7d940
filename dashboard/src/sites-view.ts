import { api } from './api';
import { mountMasterDetail } from './master-detail';
import { h, replace, toast } from './dom';
import { clearErrors, field, lines, secretBox, showErrors } from './forms';
import type { AppContext, View } from './context';

interface Site {
  id: string;
  name: string;
  callbackUrl: string | null;
  policy: Record<string, unknown> & {
    reviewThreshold: number;
    rejectThreshold: number;
    maxLinks: number;
    trustedAfterApproved: number;
    minSubmitSeconds: number;
    blockedTerms: string[];
    flaggedTerms: string[];
    allowedTerms: string[];
    blockedDomains: string[];
    allowedDomains: string[];
  };
}

const LISTS = [
  ['blockedTerms', 'Blocked terms', 'reject a comment outright'],
  ['flaggedTerms', 'Flagged terms', 'hold a comment for review'],
  ['allowedTerms', 'Allowed terms', 'never matched by terms or profanity'],
  ['blockedDomains', 'Blocked link domains', 'links to these reject a comment'],
  ['allowedDomains', 'Allowed link domains', 'links to these never count'],
] as const;
const NUMBERS = [
  ['reviewThreshold', 'Review threshold', 'a score at or above this holds the comment'],
  ['rejectThreshold', 'Reject threshold', 'a score at or above this rejects it'],
  ['maxLinks', 'Most links', 'more links than this add to the score'],
  ['trustedAfterApproved', 'Trusted after', 'approved comments that make an author trusted'],
  ['minSubmitSeconds', 'Fastest human submit (s)', 'quicker submissions look automated'],
] as const;

/** The settings form of one site; the API's validation errors show at their fields. */
function settingsForm(site: Site, onSaved: (site: Site) => void): HTMLElement {
  const name = h('input', { value: site.name, maxlength: 200 });
  const callback = h('input', {
    type: 'url',
    value: site.callbackUrl ?? '',
    placeholder: 'https://example.com/moderation-callback',
  });
  const numbers = NUMBERS.map(([key]) =>
    h('input', { type: 'number', step: 'any', value: String(site.policy[key]) }),
  );
  const areas = LISTS.map(([key]) => {
    const area = h('textarea', { rows: 4, spellcheck: 'false' });
    area.value = site.policy[key].join('\n');
    return area;
  });
  const general = h('p', { class: 'form-error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card settings',
      novalidate: true,
      'data-testid': 'site-settings',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        const policy: Record<string, unknown> = {};
        NUMBERS.forEach(
          ([key], index) =>
            (policy[key] = numbers[index]!.value === '' ? undefined : Number(numbers[index]!.value)),
        );
        LISTS.forEach(([key], index) => (policy[key] = lines(areas[index]!.value)));
        try {
          const saved = await api<Site>('PATCH', `/v1/sites/${site.id}`, {
            name: name.value,
            callbackUrl: callback.value.trim() || null,
            policy,
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
    h('h2', null, site.name),
    h('p', { class: 'muted' }, h('code', null, site.id)),
    h(
      'div',
      { class: 'form-grid' },
      field('Name', 'name', name),
      field('Callback URL', 'callbackUrl', callback, 'verdicts are POSTed here, signed'),
    ),
    h('h3', null, 'Thresholds and limits'),
    h(
      'div',
      { class: 'form-grid five' },
      NUMBERS.map(([key, label, hint], index) => field(label, `policy.${key}`, numbers[index]!, hint)),
    ),
    h('h3', null, 'Terms and domains (one per line)'),
    h(
      'div',
      { class: 'form-grid' },
      LISTS.map(([key, label, hint], index) => field(label, `policy.${key}`, areas[index]!, hint)),
    ),
    general,
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, 'Save settings')),
  );
  return form;
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
    panel: (site, actions) => settingsForm(site, actions.saved),
    aside: [createForm, created],
    selectFirst: true,
  });
  return {};
}
