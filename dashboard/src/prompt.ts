import { h } from './dom';

const REASONS = ['abuse', 'harassment', 'hate', 'off-topic', 'personal data', 'spam', 'duplicate'];

/**
 * Asks for a rejection reason in a small dialog: Enter confirms (an empty reason is allowed),
 * Escape cancels (null).
 */
export function askReason(title: string): Promise<string | null> {
  return new Promise((resolve) => {
    const input = h('input', {
      type: 'text',
      list: 'reject-reasons',
      maxlength: 200,
      placeholder: 'Reason (optional), e.g. abuse',
      'aria-label': 'Reason',
      'data-testid': 'reason-input',
    });
    const close = (value: string | null) => {
      dialog.remove();
      resolve(value);
    };
    const form = h(
      'form',
      {
        class: 'dialog-body',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          close(input.value.trim());
        },
      },
      h('h2', null, title),
      input,
      h(
        'datalist',
        { id: 'reject-reasons' },
        REASONS.map((reason) => h('option', { value: reason })),
      ),
      h(
        'div',
        { class: 'row end' },
        h('button', { type: 'button', class: 'ghost', onclick: () => close(null) }, 'Cancel (Esc)'),
        h('button', { type: 'submit', class: 'danger' }, 'Reject (Enter)'),
      ),
    );
    const dialog = h('div', { class: 'overlay', role: 'dialog', 'aria-modal': 'true' }, form);
    dialog.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close(null);
      }
    });
    document.body.append(dialog);
    input.focus();
  });
}
