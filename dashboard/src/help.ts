import { h } from './dom';

const SHORTCUTS: Array<[string, string]> = [
  ['j / ↓', 'next item'],
  ['k / ↑', 'previous item'],
  ['a', 'approve (the selected items, if any)'],
  ['r', 'reject, with a reason and a note'],
  ['s', 'mark as spam'],
  ['z', 'undo your latest decision'],
  ['x', 'select or unselect for a bulk decision'],
  ['/', 'search'],
  ['Esc', 'clear the selection, close a dialog; on a phone, back to the list'],
  ['u', 'refresh now'],
  ['g q / g d / g s / g a', 'go to queue, my decisions, stats, audit'],
  ['?', 'this help'],
];

/** Shows or hides the keyboard help. */
export function toggleHelp(): void {
  const open = document.getElementById('help');
  if (open) {
    open.remove();
    return;
  }
  const close = () => dialog.remove();
  const dialog = h(
    'div',
    {
      id: 'help',
      class: 'overlay',
      role: 'dialog',
      'aria-modal': 'true',
      'aria-labelledby': 'help-title',
      onclick: (event: MouseEvent) => event.target === dialog && close(),
    },
    h(
      'div',
      { class: 'dialog-body' },
      h('h2', { id: 'help-title' }, 'Keyboard shortcuts'),
      h(
        'dl',
        { class: 'shortcuts' },
        SHORTCUTS.map(([keys, what]) => [h('dt', null, h('kbd', null, keys)), h('dd', null, what)]),
      ),
      h('div', { class: 'row end' }, h('button', { class: 'ghost', onclick: close }, 'Close (Esc)')),
    ),
  );
  document.body.append(dialog);
}
