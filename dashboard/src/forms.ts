import { ApiError, describe } from './api';
import { h, type Child } from './dom';

/** A labelled field whose API errors show beneath it; `path` is the body path the API reports (without "body."). */
export function field(label: string, path: string, control: HTMLElement, hint?: string): HTMLElement {
  control.setAttribute('name', path);
  return h(
    'label',
    { class: 'field', 'data-path': path },
    h('span', { class: 'label' }, label),
    control,
    hint ? h('span', { class: 'hint' }, hint) : null,
    h('span', { class: 'field-error', role: 'alert' }),
  );
}

export function clearErrors(form: HTMLElement): void {
  for (const slot of form.querySelectorAll('.field-error')) slot.textContent = '';
  for (const slot of form.querySelectorAll('.field.invalid')) slot.classList.remove('invalid');
}

/**
 * Puts each error of a 400 problem at its field: the field whose path is the longest prefix of the
 * error's path (an item of a list names its line). Returns the messages no field took.
 */
export function showErrors(form: HTMLElement, error: unknown): string[] {
  clearErrors(form);
  if (!(error instanceof ApiError) || !error.problem.errors) return [describe(error)];
  const fields = [...form.querySelectorAll<HTMLElement>('.field[data-path]')];
  const leftover: string[] = [];
  for (const problem of error.problem.errors) {
    const path = problem.path.replace(/^body\./, '');
    const owner = fields
      .filter((f) => path === f.dataset.path || path.startsWith(`${f.dataset.path}.`))
      .sort((a, b) => b.dataset.path!.length - a.dataset.path!.length)[0];
    if (!owner) {
      leftover.push(`${path}: ${problem.message}`);
      continue;
    }
    const rest = path.slice(owner.dataset.path!.length + 1);
    const slot = owner.querySelector('.field-error')!;
    const message = /^\d+$/.test(rest) ? `line ${Number(rest) + 1}: ${problem.message}` : problem.message;
    slot.textContent = slot.textContent ? `${slot.textContent}; ${message}` : message;
    owner.classList.add('invalid');
  }
  return leftover;
}

/** Lines of a textarea, trimmed, without blanks. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** A secret the API shows once (a new key or token), with the warning that it will not be shown again. */
export function secretBox(title: string, entries: Array<[string, string]>): HTMLElement {
  return h(
    'div',
    { class: 'banner banner-info secret' },
    h('strong', null, title),
    h('p', null, 'Copy it now: it is shown only this once.'),
    h(
      'dl',
      { class: 'facts' },
      entries.map(([label, value]): Child[] => [
        h('dt', null, label),
        h('dd', null, h('code', { class: 'break' }, value)),
      ]),
    ),
  );
}
