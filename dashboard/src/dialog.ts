import { h, type Child } from './dom';

let dialogCount = 0;

/**
 * A modal dialog: a form with a title, content and two buttons. Enter submits, Escape cancels, Tab
 * stays inside, and focus returns where it was. Resolves with what `read` returns, or null.
 */
export function openDialog<T>(options: {
  title: string;
  content: Child[];
  confirm: string;
  kind?: 'primary' | 'danger';
  /** The element to focus first; the confirm button if none. */
  focus?: HTMLElement;
  read: () => T;
}): Promise<T | null> {
  return new Promise((resolve) => {
    const before = document.activeElement as HTMLElement | null;
    const titleId = `dialog-title-${++dialogCount}`;
    const confirmButton = h('button', { type: 'submit', class: options.kind ?? 'primary' }, options.confirm);
    const close = (value: T | null) => {
      overlay.remove();
      before?.focus?.();
      resolve(value);
    };
    const form = h(
      'form',
      {
        class: 'dialog-body',
        onsubmit: (event: SubmitEvent) => {
          event.preventDefault();
          close(options.read());
        },
      },
      h('h2', { id: titleId }, options.title),
      ...options.content,
      h(
        'div',
        { class: 'row end' },
        h('button', { type: 'button', class: 'ghost', onclick: () => close(null) }, 'Cancel (Esc)'),
        confirmButton,
      ),
    );
    const overlay = h(
      'div',
      { class: 'overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
      form,
    );
    overlay.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.stopPropagation();
        close(null);
      } else if (event.key === 'Tab') {
        const focusable = [...form.querySelectorAll<HTMLElement>('input, textarea, select, button')];
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (event.shiftKey && document.activeElement === first) {
          last?.focus();
          event.preventDefault();
        } else if (!event.shiftKey && document.activeElement === last) {
          first?.focus();
          event.preventDefault();
        }
      }
    });
    document.body.append(overlay);
    (options.focus ?? confirmButton).focus();
  });
}

/** Asks to confirm an action; true when confirmed. */
export async function confirmAction(
  title: string,
  message: Child,
  confirm: string,
  kind: 'primary' | 'danger' = 'primary',
): Promise<boolean> {
  const answer = await openDialog({
    title,
    content: [h('p', { 'data-testid': 'confirm-message' }, message)],
    confirm: `${confirm} (Enter)`,
    kind,
    read: () => true,
  });
  return answer === true;
}

// Codes of the default reason catalogue: the site's text for the code is what the commenter is shown.
const REASONS = ['abuse', 'harassment', 'hate', 'off_topic', 'personal_data', 'spam', 'duplicate', 'other'];

/**
 * Asks for a rejection's reason and note (both optional; the note starts with what the action bar
 * holds). Null when cancelled.
 */
export function askRejection(
  title: string,
  note = '',
  extra: Child = null,
): Promise<{ reason: string; note: string } | null> {
  const reason = h('input', {
    type: 'text',
    list: 'reject-reasons',
    maxlength: 200,
    placeholder: 'e.g. abuse',
    'data-testid': 'reason-input',
  });
  const noteInput = h('textarea', { rows: 2, maxlength: 2000, 'data-testid': 'note-input' });
  noteInput.value = note;
  return openDialog({
    title,
    content: [
      extra,
      h('label', { class: 'field' }, h('span', { class: 'label' }, 'Reason (optional)'), reason),
      h(
        'datalist',
        { id: 'reject-reasons' },
        REASONS.map((value) => h('option', { value })),
      ),
      h(
        'label',
        { class: 'field' },
        h('span', { class: 'label' }, 'Note for colleagues (optional)'),
        noteInput,
      ),
    ],
    confirm: 'Reject (Enter)',
    kind: 'danger',
    focus: reason,
    read: () => ({ reason: reason.value.trim(), note: noteInput.value.trim() }),
  });
}
