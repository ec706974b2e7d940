import { api, describe } from './api';
import { confirmAction } from './dialog';
import { mountMasterDetail } from './master-detail';
import { h, replace, toast } from './dom';
import { clearErrors, field, secretBox, showErrors } from './forms';
import type { AppContext, View } from './context';

interface Moderator {
  id: string;
  name: string;
  role: 'admin' | 'moderator';
  siteIds: string[];
  disabledAt: string | null;
}

function siteChecks(ctx: AppContext, chosen: string[]): HTMLElement {
  return h(
    'div',
    { class: 'checks' },
    ctx.directory.sites.map((site) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', value: site.id, checked: chosen.includes(site.id) }),
        site.name,
      ),
    ),
  );
}
const checkedSites = (box: HTMLElement) =>
  [...box.querySelectorAll<HTMLInputElement>('input:checked')].map((input) => input.value);
const roleSelect = (role: string) =>
  h(
    'select',
    null,
    (['moderator', 'admin'] as const).map((value) => h('option', { value, selected: value === role }, value)),
  );

/** Disable or enable, reset the token (shown once), remove: each asks first. */
function accessCard(ctx: AppContext, moderator: Moderator, onChanged: () => void): HTMLElement {
  const shown = h('div');
  const self = moderator.id === ctx.me.id;
  const act = async (title: string, message: string, label: string, work: () => Promise<void>) => {
    if (!(await confirmAction(title, message, label, 'danger'))) return;
    try {
      await work();
    } catch (error) {
      toast(describe(error), 'error');
    }
  };
  const disabled = moderator.disabledAt !== null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': `access-${moderator.id}` },
    h('h2', { id: `access-${moderator.id}` }, 'Access'),
    disabled
      ? h(
          'p',
          { class: 'banner banner-error' },
          `Disabled: ${moderator.name} cannot sign in or use their token.`,
        )
      : null,
    h(
      'div',
      { class: 'row wrap' },
      h(
        'button',
        {
          class: 'small',
          disabled: self && !disabled,
          onclick: () =>
            disabled
              ? void api('PATCH', `/v1/moderators/${moderator.id}`, { disabled: false }).then(
                  () => (toast(`${moderator.name} enabled.`), onChanged()),
                )
              : void act(
                  `Disable ${moderator.name}?`,
                  'They are signed out and cannot sign in or use their token until enabled again.',
                  'Disable',
                  async () => {
                    await api('PATCH', `/v1/moderators/${moderator.id}`, { disabled: true });
                    toast(`${moderator.name} disabled.`);
                    onChanged();
                  },
                ),
        },
        disabled ? 'Enable' : 'Disable…',
      ),
      h(
        'button',
        {
          class: 'small',
          onclick: () =>
            void act(
              `Reset ${moderator.name}'s token?`,
              'The old token stops at once and they are signed out everywhere.',
              'Reset token',
              async () => {
                const answer = await api<{ token: string }>(
                  'POST',
                  `/v1/moderators/${moderator.id}/reset-token`,
                );
                replace(shown, secretBox(`New token for ${moderator.name}`, [['Token', answer.token]]));
              },
            ),
        },
        'Reset token…',
      ),
      h(
        'button',
        {
          class: 'small danger',
          disabled: self,
          onclick: () =>
            void act(
              `Remove ${moderator.name}?`,
              'They lose all access; their past decisions keep their name.',
              'Remove',
              async () => {
                await api('DELETE', `/v1/moderators/${moderator.id}`);
                toast(`${moderator.name} removed.`);
                onChanged();
              },
            ),
        },
        'Remove…',
      ),
    ),
    self ? h('p', { class: 'muted small' }, 'You cannot disable or remove yourself.') : null,
    shown,
  );
}

/** The edit form of one moderator: role, sites, a new password. */
function editForm(ctx: AppContext, moderator: Moderator, onSaved: () => void): HTMLElement {
  const role = roleSelect(moderator.role);
  const sites = siteChecks(ctx, moderator.siteIds);
  const password = h('input', { type: 'password', autocomplete: 'new-password', placeholder: 'unchanged' });
  const general = h('p', { class: 'form-error', role: 'alert' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          await api('PATCH', `/v1/moderators/${moderator.id}`, {
            role: role.value,
            siteIds: checkedSites(sites),
            password: password.value || undefined,
          });
          clearErrors(form);
          toast(`${moderator.name} saved${password.value ? ' (signed out of other sessions)' : ''}.`);
          onSaved();
        } catch (error) {
          general.textContent = showErrors(form, error).join(' ');
        }
      },
    },
    h('h2', null, moderator.name),
    field('Role', 'role', role),
    field('Sites', 'siteIds', sites, 'admins see every site'),
    field('New password', 'password', password, 'at least 10 characters; signs them out everywhere'),
    general,
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, 'Save')),
  );
  return form;
}

/** Admins: the moderators, their roles and sites, and a form for a new one. */
export function mountPeople(container: HTMLElement, ctx: AppContext): View {
  const created = h('div');
  const name = h('input', { maxlength: 200, placeholder: 'Name' });
  const role = roleSelect('moderator');
  const sites = siteChecks(ctx, []);
  const password = h('input', { type: 'password', autocomplete: 'new-password', placeholder: 'optional' });
  const createForm: HTMLFormElement = h(
    'form',
    {
      class: 'card',
      novalidate: true,
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        try {
          const made = await api<Moderator & { token: string }>('POST', '/v1/moderators', {
            name: name.value,
            role: role.value,
            siteIds: checkedSites(sites),
            password: password.value || undefined,
          });
          clearErrors(createForm);
          createForm.reset();
          replace(created, secretBox(`${made.name} can sign in now`, [['Token', made.token]]));
          await page.select(made.id);
        } catch (error) {
          replace(created, h('p', { class: 'form-error' }, showErrors(createForm, error).join(' ')));
        }
      },
    },
    h('h2', null, 'New moderator'),
    field('Name', 'name', name),
    field('Role', 'role', role),
    field('Sites', 'siteIds', sites),
    field('Password', 'password', password, 'for signing in with the name; the token always works'),
    h('div', { class: 'row end' }, h('button', { type: 'submit', class: 'primary' }, 'Create moderator')),
  );
  const page = mountMasterDetail<Moderator>(container, {
    title: 'People',
    empty: 'Choose a moderator.',
    path: '/v1/moderators',
    label: (person) => [
      person.name,
      h('span', { class: 'muted' }, ` ${person.role}`),
      person.disabledAt ? h('span', { class: 'pill' }, 'disabled') : null,
    ],
    panel: (person, actions) =>
      h(
        'div',
        { class: 'site-panel' },
        editForm(ctx, person, actions.reload),
        accessCard(ctx, person, actions.reload),
      ),
    aside: [createForm, created],
  });
  return {};
}
