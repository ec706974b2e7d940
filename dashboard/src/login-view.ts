import { api, describe } from './api';
import { h } from './dom';
import type { SessionInfo } from './types';

/** The sign-in card: name and password, or a moderator token. */
export function renderLogin(
  root: HTMLElement,
  notice: string | null,
  onSignedIn: (session: SessionInfo) => void,
): void {
  let mode: 'password' | 'token' = 'password';
  const name = h('input', {
    name: 'name',
    autocomplete: 'username',
    required: true,
    maxlength: 200,
    'aria-label': 'Name',
  });
  const password = h('input', {
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    'aria-label': 'Password',
  });
  const token = h('input', { name: 'token', type: 'password', autocomplete: 'off', 'aria-label': 'Token' });
  const message = h('p', { class: 'form-error', role: 'alert' }, notice ?? '');
  const passwordFields = h(
    'div',
    null,
    h('label', null, 'Name', name),
    h('label', null, 'Password', password),
  );
  const tokenFields = h('div', { hidden: true }, h('label', null, 'Moderator token', token));
  const switcher = h('button', { type: 'button', class: 'link' }, 'Use a token instead');
  switcher.addEventListener('click', () => {
    mode = mode === 'password' ? 'token' : 'password';
    passwordFields.hidden = mode === 'token';
    tokenFields.hidden = mode === 'password';
    name.required = password.required = mode === 'password';
    token.required = mode === 'token';
    switcher.textContent = mode === 'password' ? 'Use a token instead' : 'Use name and password';
    (mode === 'password' ? name : token).focus();
  });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card login',
      'aria-label': 'Sign in',
      onsubmit: async (event: SubmitEvent) => {
        event.preventDefault();
        submit.disabled = true;
        message.textContent = '';
        try {
          const body =
            mode === 'password' ? { name: name.value, password: password.value } : { token: token.value };
          onSignedIn(await api<SessionInfo>('POST', '/v1/session', body));
        } catch (error) {
          message.textContent = describe(error);
          password.value = '';
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', null, 'Moderation'),
    h('p', { class: 'muted' }, 'Sign in to review held comments.'),
    passwordFields,
    tokenFields,
    message,
    h('div', { class: 'row spread' }, switcher, submit),
  );
  root.replaceChildren(h('main', { class: 'login-page' }, form));
  name.focus();
}
